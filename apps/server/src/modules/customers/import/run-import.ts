/**
 * Importing another system's customer export: the CSV streams through in batches (never the
 * whole file in memory), each batch resolved in one transaction, progress written after each.
 * A malformed row (bad CSV, an empty key, a date that is not one, an invalid phone) is reported
 * with its line and reason and the import goes on. A dry run reads, maps and checks every row
 * and writes no customer.
 */
import type { Actor } from "../../../platform/actor.js";
import type { Clock, Log } from "../../../platform/context.js";
import type { Db } from "../../../platform/db.js";
import { audit } from "../../audit/index.js";
import { IdentityError, normaliseIdentity, type NormalisedIdentity } from "../domain/identity.js";
import { mapRecord, missingColumns, type DateFormat, type Mapping } from "../domain/import-mapping.js";
import { recordImportProgress, type ImportProgress } from "../identity-repository.js";
import { matchRecordOf, resolveBatch, type IncomingRecord } from "../commands/resolve-batch.js";
import { modelFromSample } from "../domain/match-model.js";
import { commitWithoutWaiting } from "../resolution-repository.js";
import type { MatchModel } from "../domain/matching.js";
import { CsvHeaderError, readCsv, type CsvEncoding, type CsvReadStats } from "./csv-reader.js";

export interface ImportPlan {
  source: string;
  keyColumn: string;
  mapping: Mapping;
  dateFormat: DateFormat;
  dryRun: boolean;
  encoding?: CsvEncoding | "auto";
  batchSize?: number;
}

export interface ImportRun {
  db: Db;
  actor: Actor;
  clock: Clock;
  log: Log;
  secret: string;
  /** The `imports` row to keep up to date (the API's); null for the command line's dry run. */
  importId: string | null;
  onProgress?: (p: ImportProgress) => void;
}

/** Errors kept in full in the import's record; beyond these only the count grows. */
export const KEPT_ERRORS = 1000;

export async function runImport(run: ImportRun, plan: ImportPlan, bytes: AsyncIterable<Uint8Array>, stats?: CsvReadStats): Promise<ImportProgress> {
  const p: ImportProgress = { rows: 0, bytes: 0, created: 0, linked: 0, suggested: 0, unchanged: 0, errors: 0, rejected: 0, line: 0, firstErrors: [] };
  const problem = (line: number, reason: string) => {
    p.errors++;
    if (p.firstErrors.length < KEPT_ERRORS) p.firstErrors.push({ line, reason });
  };
  const st: CsvReadStats = stats ?? { maxRecordChars: 0, maxBatchRecords: 0, encoding: null, headers: [] };
  try {
    let checkedHeader = false;
    // Estimated once, from the first batch: m and u, name frequencies, thresholds.
    let model: MatchModel | null = null;
    for await (const batch of readCsv(bytes, { encoding: plan.encoding ?? "auto", batchSize: plan.batchSize ?? 1000 }, st)) {
      if (!checkedHeader) {
        const missing = missingColumns(plan.mapping, plan.keyColumn, st.headers);
        if (missing.length) throw new CsvHeaderError(`The file has no column ${missing.map((c) => `"${c}"`).join(", ")} (its columns: ${st.headers.join(", ")}).`);
        checkedHeader = true;
      }
      for (const pr of batch.problems) problem(pr.line, pr.reason);
      p.rejected += batch.problems.length;
      const ready: { line: number; rec: IncomingRecord }[] = [];
      for (const record of batch.records) {
        p.rows++;
        const mapped = mapRecord(record.fields, plan.mapping, plan.keyColumn, plan.dateFormat);
        if ("problem" in mapped) {
          problem(record.line, mapped.problem);
          p.rejected++;
          continue;
        }
        for (const warning of mapped.warnings) problem(record.line, warning);
        const identities: NormalisedIdentity[] = [];
        let bad: string | null = null;
        for (const i of mapped.identities) {
          try {
            identities.push(normaliseIdentity(i.kind, i.value, run.secret));
          } catch (error) {
            if (!(error instanceof IdentityError)) throw error;
            bad ??= `${i.kind}: ${error.message}`;
          }
        }
        if (bad) {
          problem(record.line, bad);
          p.rejected++;
          continue;
        }
        ready.push({ line: record.line, rec: { source: plan.source, key: mapped.key, name: mapped.name, profile: mapped.profile, identities } });
      }
      p.rows += batch.problems.length;
      p.bytes = batch.bytesRead;
      p.line = Math.max(p.line, ...batch.records.map((r) => r.line), ...batch.problems.map((pr) => pr.line));
      if (plan.dryRun) {
        if (run.importId) await run.db.transaction((tx) => recordImportProgress(tx, run.importId!, p, null, run.clock()));
      } else {
        await run.db.transaction(async (tx) => {
          const ctx = { tx, actor: run.actor, now: run.clock(), log: run.log };
          await commitWithoutWaiting(tx);
          model ??= modelFromSample(ready.map((x) => matchRecordOf(x.rec.name, x.rec.profile)));
          for (const r of await resolveBatch(ctx, ready.map((x) => x.rec), { importId: run.importId, model })) p[r.outcome === "new" ? "created" : r.outcome]++;
          if (run.importId) await recordImportProgress(tx, run.importId, p, null, ctx.now);
        });
      }
      run.onProgress?.(p);
    }
    await finish(run, plan, p, null);
    return p;
  } catch (error) {
    const failure = error instanceof CsvHeaderError ? error.message : "The import stopped on an unexpected error; the rows before it are imported.";
    if (!(error instanceof CsvHeaderError)) run.log.error({ err: error }, "import failed");
    await finish(run, plan, p, failure);
    throw error;
  }
}

async function finish(run: ImportRun, plan: ImportPlan, p: ImportProgress, failure: string | null): Promise<void> {
  await run.db.transaction(async (tx) => {
    const ctx = { tx, actor: run.actor, now: run.clock(), log: run.log };
    if (run.importId) await recordImportProgress(tx, run.importId, p, { status: failure ? "failed" : "done", at: ctx.now, ...(failure ? { failure } : {}) }, ctx.now);
    if (!plan.dryRun) {
      await audit(ctx, {
        action: "customers.imported",
        subject: { type: "import", id: run.importId },
        after: { source: plan.source, rows: p.rows, created: p.created, linked: p.linked, suggested: p.suggested, unchanged: p.unchanged, errors: p.errors, ...(failure ? { failure } : {}) },
      });
    }
  });
}
