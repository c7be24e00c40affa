// CSV exports with csv-stringify. A cell starting with = + - @ (or a tab or carriage return) is prefixed with
// a single quote, so that no spreadsheet runs it as a formula (CSV injection).
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';

const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A CSV stream of the rows of `pages`, with a header of `columns`' labels; one page in memory at a time. */
export function csvStream<T extends object>(columns: readonly { key: keyof T & string; header: string }[], pages: AsyncIterable<T[]>): Readable {
  const stringifier = stringify({ header: true, columns: columns.map((c) => ({ key: c.key, header: c.header })) });
  const rows = Readable.from(
    (async function* () {
      for await (const page of pages) for (const row of page) yield Object.fromEntries(columns.map((c) => [c.key, safeCell(row[c.key])]));
    })(),
  );
  // Backpressure: the next page is read only when the reader has taken the last; an error reading a page
  // ends the CSV stream with that error (a truncated download, never a silently short file).
  return pipeline(rows, stringifier, () => {});
}
