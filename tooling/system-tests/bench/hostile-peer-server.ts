// The hostile peer of the benchmark, in its own process so that its memory (the compressor, its
// buffers) is not counted as the client's: 1 GiB compression bombs (gzip, deflate, br) and a
// 200 MB body, each made as the socket drains. Prints its URL, then serves until stdin closes.
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { type Coding, startHostileServer, streamPadding } from '../src/hostile-server.js';

const SMALL = Buffer.from('{"ok":true}');
const encoded = {
  gzip: gzipSync(SMALL),
  deflate: deflateSync(SMALL),
  br: brotliCompressSync(SMALL),
};

const GiB = 1024 ** 3;
const server = await startHostileServer((request, res) => {
  const [, kind] = request.path.split('/');
  const [, , small] = request.path.split('/');
  if (kind === 'small') {
    // A normal answer, plain or compressed: the warm-up, so that decoders are loaded already.
    const coding = small as Coding | undefined;
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(coding ? { 'content-encoding': coding } : {}),
    });
    res.end(coding ? encoded[coding] : SMALL);
  } else if (kind === 'gzip' || kind === 'deflate' || kind === 'br') {
    streamPadding(res, GiB, { coding: kind as Coding });
  } else {
    streamPadding(res, 200_000_000, { declareLength: kind === 'declared' });
  }
  return true;
});
process.stdout.write(`${server.url}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  await server.close();
  process.exit(0);
});
