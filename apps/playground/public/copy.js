// Copy buttons and the curl form of a request. The requests come from the trace, redacted on the
// server already: a secret shows as [REDACTED], so a copied command never holds one.
import { el } from './dom.js';

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an embedded or insecure context): the old way.
    const area = el('textarea', { value: text, className: 'visually-hidden' });
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

/** A small button that copies `text()` and says so. */
export function copyButton(label, text, title = label) {
  const button = el('button', {
    type: 'button',
    className: 'copy small ghost',
    title,
    'aria-label': title,
  });
  button.textContent = label;
  button.addEventListener('click', async (event) => {
    event.stopPropagation();
    const ok = await writeClipboard(text());
    button.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => {
      button.textContent = label;
    }, 1500);
  });
  return button;
}

const quote = (text) => `'${String(text).replaceAll("'", "'\\''")}'`;

// Set by curl itself, or meaningless for a copy.
const SKIPPED_HEADERS = new Set(['content-length', 'host', 'connection', 'accept-encoding']);

/** The request as a curl command, one option a line. */
export function curlOf(request) {
  const lines = [`curl -X ${request.method} ${quote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!SKIPPED_HEADERS.has(name.toLowerCase())) lines.push(`  -H ${quote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined && request.body !== '')
    lines.push(`  --data-raw ${quote(request.body)}`);
  return lines.join(' \\\n');
}
