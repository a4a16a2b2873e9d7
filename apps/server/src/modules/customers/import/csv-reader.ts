/**
 * A streaming CSV reader for other systems' customer exports, written by hand so that it takes
 * what real exports are: a BOM, quotes (with "" inside), CRLF or LF, spaces around headers and
 * values, empty values, UTF-8 or GB18030 (Node's TextDecoder). It never holds more than one
 * batch of records and one record's text: a file of a million rows streams through in batches.
 * A malformed record is reported with the line it starts on and why, and reading goes on.
 */

import { TextDecoder } from "node:util";

export type CsvEncoding = "utf-8" | "gb18030";

export interface CsvRecord {
  /** The line the record starts on (the header is line 1). */
  line: number;
  fields: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvBatch {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** Bytes of the file read so far. */
  bytesRead: number;
}

export interface CsvReadStats {
  /** The most characters of one record the reader held at once. */
  maxRecordChars: number;
  /** The most records it held at once (never more than the batch size). */
  maxBatchRecords: number;
  encoding: CsvEncoding | null;
  headers: string[];
}

export interface CsvReadOptions {
  /** `auto`: UTF-8 when the start of the file is valid UTF-8 (or has a BOM), GB18030 otherwise. */
  encoding?: CsvEncoding | "auto";
  batchSize?: number;
  /** A record longer than this is reported and skipped up to the next line. */
  maxRecordChars?: number;
}

export class CsvHeaderError extends Error {}

/** Picks the encoding from the first bytes: a BOM or valid UTF-8 is UTF-8; anything else is read as GB18030. */
export function sniffEncoding(head: Uint8Array): CsvEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

/** Reads a CSV byte stream as batches of records keyed by the (trimmed) header names. */
export async function* readCsv(source: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}, stats?: CsvReadStats): AsyncGenerator<CsvBatch> {
  const batchSize = options.batchSize ?? 500;
  const maxRecordChars = options.maxRecordChars ?? 1_000_000;
  const st: CsvReadStats = stats ?? { maxRecordChars: 0, maxBatchRecords: 0, encoding: null, headers: [] };
  let decoder: TextDecoder | null = null;
  const parser = new CsvParser(maxRecordChars);
  let headers: string[] | null = null;
  let bytesRead = 0;
  let records: CsvRecord[] = [];
  let problems: CsvProblem[] = [];

  const take = (row: ParsedRow) => {
    st.maxRecordChars = Math.max(st.maxRecordChars, parser.peakChars);
    if ("problem" in row) {
      problems.push({ line: row.line, reason: row.problem });
      return;
    }
    if (!headers) {
      headers = row.values.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, "") : h).trim());
      if (headers.some((h) => h === "")) throw new CsvHeaderError("The header row has an empty column name.");
      const dup = headers.find((h, i) => headers!.indexOf(h) !== i);
      if (dup) throw new CsvHeaderError(`The header row names "${dup}" twice.`);
      st.headers = headers;
      return;
    }
    if (row.values.length === 1 && row.values[0] === "" && !row.quoted) return; // a blank line
    if (row.values.length !== headers.length) {
      problems.push({ line: row.line, reason: `expected ${headers.length} fields, found ${row.values.length}` });
      return;
    }
    const fields: Record<string, string> = {};
    headers.forEach((h, i) => (fields[h] = row.values[i]!));
    records.push({ line: row.line, fields });
    st.maxBatchRecords = Math.max(st.maxBatchRecords, records.length);
  };
  const flush = (): CsvBatch => {
    const batch = { records, problems, bytesRead };
    records = [];
    problems = [];
    return batch;
  };

  for await (const chunk of source) {
    if (!decoder) {
      const encoding = options.encoding && options.encoding !== "auto" ? options.encoding : sniffEncoding(chunk.subarray(0, 65536));
      st.encoding = encoding;
      decoder = new TextDecoder(encoding, { ignoreBOM: false });
    }
    bytesRead += chunk.byteLength;
    for (const row of parser.push(decoder.decode(chunk, { stream: true }))) {
      take(row);
      if (records.length >= batchSize) yield flush();
    }
  }
  for (const row of parser.end(decoder ? decoder.decode() : "")) take(row);
  if (!headers) throw new CsvHeaderError("The file is empty: it has no header row.");
  yield flush();
}

type ParsedRow = { line: number; values: string[]; quoted: boolean } | { line: number; problem: string };

/**
 * The state machine: characters in, rows out. `peakChars` is the longest record it held.
 * Unquoted values are trimmed; a quoted value keeps its inner spaces, and spaces around the
 * quotes are ignored.
 */
class CsvParser {
  private line = 1;
  private rowLine = 1;
  private values: string[] = [];
  private field = "";
  private chars = 0;
  private inQuotes = false;
  private quoted = false;
  private afterQuote = false;
  private anyQuoted = false;
  private problem: string | null = null;
  private skipping = false;
  private pendingCR = false;
  peakChars = 0;

  constructor(private readonly maxRecordChars: number) {}

  *push(text: string): Generator<ParsedRow> {
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === "\n") continue;
      }
      if (this.skipping) {
        if (c === "\n" || c === "\r") {
          this.pendingCR = c === "\r";
          this.line++;
          this.skipping = false;
          this.reset();
        }
        continue;
      }
      this.chars++;
      if (this.chars > this.peakChars) this.peakChars = this.chars;
      if (this.chars > this.maxRecordChars) {
        yield { line: this.rowLine, problem: `the record is longer than ${this.maxRecordChars} characters${this.inQuotes ? " (a quote is not closed)" : ""}` };
        this.skipping = true;
        continue;
      }
      if (this.inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            this.field += '"';
            i++;
          } else if (i + 1 === text.length) {
            // The next chunk decides: keep a marker by closing now and letting a leading quote reopen.
            this.inQuotes = false;
            this.afterQuote = true;
            this.reopenable = true;
          } else {
            this.inQuotes = false;
            this.afterQuote = true;
          }
        } else {
          if (c === "\n") this.line++;
          else if (c === "\r" && text[i + 1] !== "\n") this.line++;
          this.field += c;
        }
        continue;
      }
      if (this.reopenable) {
        this.reopenable = false;
        if (c === '"') {
          // "" split across chunks: an escaped quote.
          this.field += '"';
          this.inQuotes = true;
          this.afterQuote = false;
          continue;
        }
      }
      if (c === ",") {
        this.endField();
      } else if (c === "\n" || c === "\r") {
        this.pendingCR = c === "\r";
        yield this.endRow();
        this.line++;
        this.rowLine = this.line;
      } else if (c === '"') {
        if (this.afterQuote || this.field.trim() !== "") this.problem ??= "a quote inside an unquoted value";
        else {
          this.field = "";
          this.inQuotes = true;
          this.quoted = true;
          this.anyQuoted = true;
        }
      } else if (this.afterQuote) {
        if (c !== " " && c !== "\t") this.problem ??= "text after a closing quote";
      } else {
        this.field += c;
      }
    }
  }

  private reopenable = false;

  *end(text: string): Generator<ParsedRow> {
    yield* this.push(text);
    this.reopenable = false;
    if (this.skipping) return;
    if (this.inQuotes) {
      yield { line: this.rowLine, problem: "a quote is not closed before the end of the file" };
      return;
    }
    if (this.values.length > 0 || this.field !== "" || this.quoted) yield this.endRow();
  }

  private endField(): void {
    this.values.push(this.quoted ? this.field : this.field.trim());
    this.field = "";
    this.quoted = false;
    this.afterQuote = false;
  }

  private endRow(): ParsedRow {
    this.endField();
    const row: ParsedRow = this.problem ? { line: this.rowLine, problem: this.problem } : { line: this.rowLine, values: this.values, quoted: this.anyQuoted };
    this.reset();
    return row;
  }

  private reset(): void {
    this.values = [];
    this.field = "";
    this.chars = 0;
    this.inQuotes = false;
    this.quoted = false;
    this.afterQuote = false;
    this.anyQuoted = false;
    this.problem = null;
    this.rowLine = this.line;
  }
}
