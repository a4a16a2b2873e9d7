/**
 * Merge hooks: when two customers are merged, each module re-points its own rows (cases,
 * interactions, the goodwill ledger…) from the merged customer to the survivor, inside the merge's
 * transaction, and says which rows it moved; an unmerge gives exactly those back. The customers
 * module knows no other module's tables: modules register a hook here (at start, in app.ts).
 * Append-only history (case events, the audit log) is never re-pointed: reads follow the merge.
 */
import type { Queryable } from "../../platform/db.js";

export interface MergePair {
  survivorId: string;
  mergedId: string;
}

export interface MergeHook {
  /** Stable: the merge remembers the rows moved under this name. */
  name: string;
  /** Moves the merged customer's rows to the survivor; the ids of the rows moved. */
  merge(tx: Queryable, pair: MergePair): Promise<string[]>;
  /** Moves those rows back to the merged customer (those still on the survivor). */
  unmerge(tx: Queryable, pair: MergePair, moved: string[]): Promise<void>;
}

const hooks = new Map<string, MergeHook>();

export function registerMergeHooks(...list: MergeHook[]): void {
  for (const hook of list) hooks.set(hook.name, hook);
}

/** Runs every hook; what each moved, by hook name (kept with the merge). */
export async function runMergeHooks(tx: Queryable, pair: MergePair): Promise<Record<string, string[]>> {
  const moved: Record<string, string[]> = {};
  for (const hook of hooks.values()) moved[hook.name] = await hook.merge(tx, pair);
  return moved;
}

/** Reverses what the merge's hooks moved, last first. */
export async function reverseMergeHooks(tx: Queryable, pair: MergePair, moved: Record<string, string[]>): Promise<void> {
  for (const name of Object.keys(moved).reverse()) {
    const hook = hooks.get(name);
    if (hook && moved[name]!.length) await hook.unmerge(tx, pair, moved[name]!);
  }
}
