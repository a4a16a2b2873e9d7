/** Imports, suggestions and merges as the API shows them. */
import type { Import, Merge, Suggestion } from "@tandem/contracts";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import { k } from "../../platform/kysely.js";
import type { ImportRow, MergeRow, SuggestionRow } from "./identity-repository.js";
import { presentCustomers } from "./presenters.js";

export function presentImport(r: ImportRow): Import {
  const bytesRead = Number(r.bytes_read);
  const total = r.bytes_total === null ? null : Number(r.bytes_total);
  return {
    id: r.id,
    source: r.source,
    status: r.status as Import["status"],
    dryRun: r.dry_run,
    rows: r.rows_read,
    lineReached: r.line_reached,
    bytesRead,
    bytesTotal: total,
    progress: total ? Math.min(1, r.status === "done" ? 1 : bytesRead / total) : null,
    counts: { created: r.created_count, linked: r.linked_count, suggested: r.suggested_count, unchanged: r.unchanged_count, errors: r.error_count },
    errors: r.errors as Import["errors"],
    failure: r.failure,
    createdAt: isoRequired(r.created_at),
    finishedAt: iso(r.finished_at),
  };
}

async function customersById(db: Queryable, viewer: Actor, ids: string[]) {
  const rows = ids.length ? await k(db).selectFrom("customers").selectAll().where("id", "in", [...new Set(ids)]).execute() : [];
  const presented = await presentCustomers(db, viewer, rows);
  return new Map(presented.map((c) => [c.id, c]));
}

export async function presentSuggestions(db: Queryable, viewer: Actor, rows: SuggestionRow[]): Promise<Suggestion[]> {
  const customers = await customersById(db, viewer, rows.flatMap((r) => [r.customer_id, r.candidate_id]));
  return rows.map((r) => ({
    id: r.id,
    score: r.score,
    reason: r.reason as Suggestion["reason"],
    status: r.status as Suggestion["status"],
    explanation: r.explanation as Suggestion["explanation"],
    customer: customers.get(r.customer_id)!,
    candidate: customers.get(r.candidate_id)!,
    createdAt: isoRequired(r.created_at),
    decidedAt: iso(r.decided_at),
    mergeId: r.merge_id,
  }));
}

export async function presentMerge(db: Queryable, viewer: Actor, m: MergeRow): Promise<Merge> {
  const customers = await customersById(db, viewer, [m.survivor_id, m.merged_id]);
  return {
    id: m.id,
    survivorId: m.survivor_id,
    mergedId: m.merged_id,
    reason: m.reason,
    createdAt: isoRequired(m.created_at),
    unmergedAt: iso(m.unmerged_at),
    survivor: customers.get(m.survivor_id)!,
    merged: customers.get(m.merged_id)!,
  };
}
