/**
 * The command line's side of importing and of the link report:
 *   tandem import customers FILE --source NAME --key COLUMN --map FIELD=COLUMN[+COLUMN…] …
 *                          [--date-format YYYYMMDD] [--encoding utf-8|gb18030] [--dry-run]
 *   tandem export links --source NAME [--out FILE]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { SYSTEM } from "../../../platform/actor.js";
import type { Db } from "../../../platform/db.js";
import type { Log } from "../../../platform/context.js";
import { DATE_FORMATS, MappingError, parseMapping, type DateFormat } from "../domain/import-mapping.js";
import { insertImport, linksOf, type ImportProgress } from "../identity-repository.js";
import { runImport } from "./run-import.js";
import { CsvHeaderError } from "./csv-reader.js";

export const IMPORT_USAGE =
  "Usage: tandem import customers FILE --source NAME --key COLUMN --map FIELD=COLUMN[+COLUMN…] … [--date-format YYYYMMDD] [--encoding utf-8|gb18030] [--dry-run]";
export const EXPORT_USAGE = "Usage: tandem export links --source NAME [--out FILE]";

export const SOURCE_NAME = /^[a-z0-9][a-z0-9_.-]{0,40}$/;

export class UsageError extends Error {}

export interface ImportArgs {
  file: string;
  source: string;
  keyColumn: string;
  mapping: ReturnType<typeof parseMapping>;
  dateFormat: DateFormat;
  encoding: "auto" | "utf-8" | "gb18030";
  dryRun: boolean;
}

export function parseImportArgs(argv: string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        source: { type: "string" },
        key: { type: "string" },
        map: { type: "string", multiple: true },
        "date-format": { type: "string", default: "YYYY-MM-DD" },
        encoding: { type: "string", default: "auto" },
        "dry-run": { type: "boolean", default: false },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${IMPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  const [file, ...rest] = positionals;
  if (!file || rest.length) throw new UsageError(IMPORT_USAGE);
  if (!values.source || !SOURCE_NAME.test(values.source)) throw new UsageError(`--source must be a short name in lower case (letters, digits, _ . -).\n${IMPORT_USAGE}`);
  if (!values.key) throw new UsageError(`--key names the column with the source's customer key.\n${IMPORT_USAGE}`);
  if (!values.map?.length) throw new UsageError(`Give at least one --map FIELD=COLUMN.\n${IMPORT_USAGE}`);
  const dateFormat = values["date-format"]!;
  if (!(DATE_FORMATS as readonly string[]).includes(dateFormat)) throw new UsageError(`--date-format must be one of ${DATE_FORMATS.join(", ")}.`);
  const encoding = values.encoding!;
  if (!["auto", "utf-8", "gb18030"].includes(encoding)) throw new UsageError("--encoding must be auto, utf-8 or gb18030.");
  let mapping;
  try {
    mapping = parseMapping(values.map);
  } catch (error) {
    if (error instanceof MappingError) throw new UsageError(error.message);
    throw error;
  }
  return { file, source: values.source, keyColumn: values.key, mapping, dateFormat: dateFormat as DateFormat, encoding: encoding as ImportArgs["encoding"], dryRun: values["dry-run"]! };
}

/** A progress bar on a terminal; a line every tenth of the file otherwise. */
export function progressLine(p: ImportProgress, total: number, elapsedMs: number): string {
  const share = total > 0 ? Math.min(1, p.bytes / total) : 0;
  const width = 30;
  const done = Math.round(share * width);
  const rate = elapsedMs > 0 ? Math.round((p.rows * 1000) / elapsedMs) : 0;
  return `[${"#".repeat(done)}${"-".repeat(width - done)}] ${String(Math.round(share * 100)).padStart(3)}%  ${p.rows.toLocaleString("en")} rows  ${rate.toLocaleString("en")} rows/s  ${p.errors} errors`;
}

export async function importCustomersCommand(db: Db, secret: string, log: Log, argv: string[], out: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream | NodeJS.WritableStream } = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let size: number;
  try {
    size = fs.statSync(args.file).size;
  } catch {
    out.stderr.write(`Cannot read ${args.file}.\n`);
    return 2;
  }
  const started = Date.now();
  const row = args.dryRun
    ? null
    : await db.transaction((tx) => insertImport(tx, { source: args.source, keyColumn: args.keyColumn, mapping: args.mapping, dateFormat: args.dateFormat, dryRun: false, bytesTotal: size, createdById: null }, new Date()));
  const tty = "isTTY" in out.stderr && out.stderr.isTTY;
  let lastTenth = -1;
  const onProgress = (p: ImportProgress) => {
    const line = progressLine(p, size, Date.now() - started);
    if (tty) out.stderr.write(`\r${line}`);
    else {
      const tenth = Math.floor((p.bytes / Math.max(1, size)) * 10);
      if (tenth !== lastTenth) out.stderr.write(`${line}\n`);
      lastTenth = tenth;
    }
  };
  try {
    const p = await runImport(
      { db, actor: SYSTEM, clock: () => new Date(), log, secret, importId: row?.id ?? null, onProgress },
      { source: args.source, keyColumn: args.keyColumn, mapping: args.mapping, dateFormat: args.dateFormat, dryRun: args.dryRun, encoding: args.encoding },
      fs.createReadStream(args.file),
    );
    if (tty) out.stderr.write("\n");
    for (const e of p.firstErrors) out.stderr.write(`line ${e.line}: ${e.reason}\n`);
    if (p.errors > p.firstErrors.length) out.stderr.write(`… and ${p.errors - p.firstErrors.length} more errors\n`);
    const seconds = (Date.now() - started) / 1000;
    out.stdout.write(
      args.dryRun
        ? `Dry run: ${p.rows} rows read, ${p.rows - p.rejected} would be imported, ${p.rejected} refused, ${p.errors} errors. Nothing was written.\n`
        : `Imported ${p.rows} rows from ${args.source} in ${seconds.toFixed(1)} s: ${p.created} new customers, ${p.linked} linked, ${p.suggested} for review, ${p.unchanged} unchanged, ${p.errors} errors.${row ? ` Import ${row.id}.` : ""}\n`,
    );
    return 0;
  } catch (error) {
    if (tty) out.stderr.write("\n");
    if (error instanceof CsvHeaderError) {
      out.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Writes the link report of a source as CSV (source,key,customer_id,decision,score), a page at a time. */
export async function exportLinksCommand(db: Db, argv: string[], stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { source: { type: "string" }, out: { type: "string" } } }));
  } catch (error) {
    stderr.write(`${(error as Error).message}\n${EXPORT_USAGE}\n`);
    return 2;
  }
  if (!values.source || !SOURCE_NAME.test(values.source)) {
    stderr.write(`${EXPORT_USAGE}\n`);
    return 2;
  }
  const target = values.out ? fs.createWriteStream(values.out) : stdout;
  const write = (text: string) => new Promise<void>((resolve, reject) => void target.write(text, (e) => (e ? reject(e) : resolve())));
  await write("source,key,customer_id,decision,score\n");
  let after: string | null = null;
  for (;;) {
    const rows = await linksOf(db, values.source, after, 5000);
    if (!rows.length) break;
    await write(rows.map((r) => `${csvCell(r.source)},${csvCell(r.key)},${r.customer_id},${r.decision},${r.score ?? ""}`).join("\n") + "\n");
    after = rows[rows.length - 1]!.key;
  }
  if (values.out) await new Promise<void>((resolve) => (target as fs.WriteStream).end(resolve));
  return 0;
}

/** A CSV cell: quoted when it holds a comma, quote or line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
