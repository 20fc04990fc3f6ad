export {
  type Answer,
  type AnswerSpec,
  type Refusal,
  type RefusalContext,
  readAnswer,
  refusalError,
} from './read-answer.js';
