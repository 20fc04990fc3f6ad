export { type Answer, type AnswerSpec, type Refusal, readAnswer } from './read-answer.js';
