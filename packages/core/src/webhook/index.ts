export { getHeader, isWithinTolerance } from './headers.js';
