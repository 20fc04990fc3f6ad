export interface CodeBlock {
  /** The info string's first word: 'ts', 'sh', '' */
  lang: string;
  code: string;
}

/** The fenced code blocks of a Markdown document, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^(```+|~~~+)[ \t]*([^\n`]*)\n([\s\S]*?)^\1[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    blocks.push({ lang: (match[2] ?? '').trim().split(/\s+/)[0] ?? '', code: match[3] ?? '' });
  }
  return blocks;
}

export const isTypeScript = (block: CodeBlock) => ['ts', 'typescript', 'tsx'].includes(block.lang);
