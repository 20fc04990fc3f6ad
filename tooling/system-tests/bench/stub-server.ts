// A minimal loopback stub: drains the request, answers a canned body by path. It runs in its own
// process so that the client being measured has a core to itself. Prints its URL, then serves
// until stdin closes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cannedAnswers } from './canned.js';

const answers = cannedAnswers(process.env.PAYERMAX_PRIVATE_KEY ?? '');
const prepared = new Map(
  Object.entries(answers).map(([path, answer]) => {
    const body = Buffer.from(answer.body);
    return [path, { body, headers: { ...answer.headers, 'content-length': String(body.length) } }];
  }),
);
const notFound = Buffer.from('{"code":"NOT_FOUND"}');

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const answer = prepared.get(req.url ?? '');
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(notFound);
      return;
    }
    res.writeHead(200, answer.headers);
    res.end(answer.body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`http://127.0.0.1:${port}\n`);
});
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});
