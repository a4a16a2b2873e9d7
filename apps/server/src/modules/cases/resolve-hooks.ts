/**
 * What other modules do when a case is resolved, in the resolve's transaction, with the case
 * locked and before it is written: they may refuse the resolve (an error: nothing is written) or
 * change what is theirs (close tasks, cancel planned contacts) with events of their own. Hooks
 * register once, from their module's index (`onResolve`).
 */
import type { Ctx } from "../../platform/context.js";
import type { CaseRow } from "./repository.js";

export interface ResolveInput {
  /** Who the resolve is said to be by: a customer's word ("I solved it myself") is never refused. */
  resolvedBy: string | null;
  /** The owner's staff closing the case's open tasks in the same step (modules/tasks). */
  closeOpenTasks?: { reason: string } | undefined;
}

export type ResolveHook = (ctx: Ctx, kase: CaseRow, input: ResolveInput) => Promise<void>;

const hooks = new Set<ResolveHook>();

export function onResolve(hook: ResolveHook): void {
  hooks.add(hook);
}

export async function runResolveHooks(ctx: Ctx, kase: CaseRow, input: ResolveInput): Promise<void> {
  for (const hook of hooks) await hook(ctx, kase, input);
}
