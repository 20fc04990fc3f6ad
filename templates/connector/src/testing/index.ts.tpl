export {
  {{NAME}}_TEST_CREDENTIALS,
  type Signed{{Name}}Webhook,
  type Simulated{{Name}}Payment,
  type {{Name}}Simulator,
  type {{Name}}SimulatorOptions,
  create{{Name}}Simulator,
} from './{{id}}-simulator.js';
export { type {{Name}}TestCredentials, {{name}}TestKit } from './{{id}}-test-kit.js';
