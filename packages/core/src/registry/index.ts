export { createRegistry, type Registry } from './registry.js';
