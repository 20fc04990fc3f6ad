// Markdown the scripts write into README.md: tables padded the way Biome formats them, and
// sections between markers that a script may rewrite without touching the rest of the file.

/** A left-aligned table whose columns are padded to the widest cell. */
export function table(headers, rows) {
  const widths = headers.map((header, i) =>
    Math.max(3, header.length, ...rows.map((row) => String(row[i]).length)),
  );
  const line = (cells) =>
    `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * Replaces the text between `<!-- id:start -->` and `<!-- id:end -->`, or appends the section
 * (heading, markers and content) at the end when the markers are missing.
 */
export function replaceSection(document, id, heading, content) {
  const start = `<!-- ${id}:start -->`;
  const end = `<!-- ${id}:end -->`;
  const block = `${start}\n\n${content.trim()}\n\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from !== -1 && to > from) {
    return document.slice(0, from) + block + document.slice(to + end.length);
  }
  return `${document.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
}

export function formatBytes(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}
