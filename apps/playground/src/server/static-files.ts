import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { SECURITY_HEADERS } from './http-utils.js';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));

/** The only files served: a fixed list, so no path from a URL ever reaches the file system. */
const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/render.js': { file: 'render.js', type: 'text/javascript; charset=utf-8' },
  '/batch.js': { file: 'batch.js', type: 'text/javascript; charset=utf-8' },
  '/copy.js': { file: 'copy.js', type: 'text/javascript; charset=utf-8' },
  '/dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
  '/history.js': { file: 'history.js', type: 'text/javascript; charset=utf-8' },
  '/outcome-view.js': { file: 'outcome-view.js', type: 'text/javascript; charset=utf-8' },
  '/payments.js': { file: 'payments.js', type: 'text/javascript; charset=utf-8' },
  '/tabs.js': { file: 'tabs.js', type: 'text/javascript; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/** Serves a public file; false when the path is not one. */
export async function serveStatic(pathname: string, res: ServerResponse): Promise<boolean> {
  const entry = FILES[pathname];
  if (!entry) return false;
  const content = await readFile(`${PUBLIC_DIR}${entry.file}`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': entry.type,
    'cache-control': 'no-cache',
  });
  res.end(content);
  return true;
}
