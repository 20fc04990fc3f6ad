export {
  {{NAME}}_TEST_CREDENTIALS,
  type {{Name}}Simulator,
  type {{Name}}SimulatorOptions,
  create{{Name}}Simulator,
  type Simulated{{Name}}Payment,
} from './{{id}}-simulator.js';
