import { startPlayground } from './app.js';

const port = process.env.PORT ? Number(process.env.PORT) : 4400;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}".`);
  process.exit(2);
}

const running = await startPlayground({ port, log: (line) => console.log(line) });
console.log('');
console.log(`paykit playground: ${running.url}`);
for (const entry of running.playground.connectors) {
  const where = entry.simulator ? `at ${entry.simulator.url}` : "(the provider's sandbox)";
  console.log(`  ${entry.id.padEnd(10)} ${entry.mode.padEnd(9)} ${where}`);
  if (entry.notice) console.log(`             ${entry.notice}`);
}
console.log('Press Ctrl+C to stop.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    void running.close().then(() => process.exit(0));
  });
}
