import type { ProviderOptions } from '@paykit/core';
import type { CancelJobInput } from '../types.js';

export interface BatchRow {
  /** 1-based line of the file. */
  line: number;
  input: CancelJobInput;
}

export interface BatchFile {
  rows: BatchRow[];
  errors: string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One CSV record per line (RFC 4180 quoting: "a,b", "say ""hi"""); quoted newlines are not supported. */
export function splitCsvLine(text: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells.map((value) => value.trim());
}

function toInput(
  record: Record<string, unknown>,
  line: number,
  errors: string[],
): CancelJobInput | undefined {
  const { connector, paymentId, requestId } = record;
  let providerOptions: unknown = record.providerOptions;
  if (typeof providerOptions === 'string') {
    if (providerOptions === '') providerOptions = undefined;
    else {
      try {
        providerOptions = JSON.parse(providerOptions);
      } catch {
        errors.push(`line ${line}: providerOptions is not JSON`);
        return undefined;
      }
    }
  }
  if (typeof connector !== 'string' || connector === '') {
    errors.push(`line ${line}: connector is missing`);
    return undefined;
  }
  if (typeof paymentId !== 'string' || paymentId === '') {
    errors.push(`line ${line}: paymentId is missing`);
    return undefined;
  }
  if (requestId !== undefined && requestId !== '' && typeof requestId !== 'string') {
    errors.push(`line ${line}: requestId must be text`);
    return undefined;
  }
  if (providerOptions !== undefined && providerOptions !== null) {
    if (!isPlainObject(providerOptions) || !Object.values(providerOptions).every(isPlainObject)) {
      errors.push(
        `line ${line}: providerOptions must be an object keyed by connector id, e.g. {"liquido":{"target":"reference"}}`,
      );
      return undefined;
    }
  }
  return {
    connector,
    paymentId,
    ...(typeof requestId === 'string' && requestId !== '' ? { requestId } : {}),
    ...(isPlainObject(providerOptions)
      ? { providerOptions: providerOptions as ProviderOptions }
      : {}),
  };
}

/**
 * A batch of cancels: JSON Lines (`{"connector":"liquido","paymentId":"...","requestId"?:...,
 * "providerOptions"?:{...}}` per line) or CSV with a header naming `connector`, `paymentId`
 * and optionally `requestId` and `providerOptions` (JSON). Blank lines and lines starting with
 * `#` are skipped.
 */
export function parseBatch(text: string, format: 'csv' | 'jsonl'): BatchFile {
  const rows: BatchRow[] = [];
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let header: string[] | undefined;
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.trim();
    if (text === '' || text.startsWith('#')) return;
    let record: Record<string, unknown>;
    if (format === 'jsonl') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (!isPlainObject(parsed)) throw new Error('not an object');
        record = parsed;
      } catch {
        errors.push(`line ${line}: not a JSON object`);
        return;
      }
    } else {
      const cells = splitCsvLine(text);
      if (!header) {
        header = cells;
        for (const column of ['connector', 'paymentId']) {
          if (!header.includes(column)) errors.push(`line ${line}: the header has no ${column}`);
        }
        return;
      }
      record = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    }
    const input = toInput(record, line, errors);
    if (input) rows.push({ line, input });
  });
  if (format === 'csv' && !header) errors.push('the file has no header line');
  return { rows, errors };
}

export function formatOf(path: string): 'csv' | 'jsonl' | undefined {
  if (/\.csv$/i.test(path)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  return undefined;
}
