import type { RespClient, RespValue } from './resp.js';

const flat = (value: RespValue): string[] =>
  Array.isArray(value) ? value.flatMap(flat) : value === null ? [] : [String(value)];

/** Every key of the server and everything stored under it, as text. */
export async function dumpRedis(client: RespClient): Promise<string> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = (await client.command('SCAN', cursor, 'COUNT', 1000)) as [
      string,
      string[],
    ];
    cursor = next;
    for (const key of keys) {
      const type = String(await client.command('TYPE', key));
      const read: Record<string, (string | number)[]> = {
        string: ['GET', key],
        hash: ['HGETALL', key],
        list: ['LRANGE', key, 0, -1],
        set: ['SMEMBERS', key],
        zset: ['ZRANGE', key, 0, -1, 'WITHSCORES'],
        stream: ['XRANGE', key, '-', '+'],
      };
      const command = read[type];
      out.push(key, ...(command ? flat(await client.command(...command)) : []));
    }
  } while (cursor !== '0');
  return out.join('\n');
}
