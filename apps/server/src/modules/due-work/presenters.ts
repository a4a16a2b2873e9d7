/** Due work as the admin API shows it. */
import type { DueWorkItem } from "@tandem/contracts";
import type { DueWorkRow } from "../../platform/due/index.js";
import { isoRequired } from "../../platform/pagination.js";

export const presentDueWork = (r: DueWorkRow): DueWorkItem => ({
  id: r.id,
  kind: r.kind,
  key: r.key,
  state: r.state,
  dueAt: isoRequired(r.due_at),
  payload: (r.payload ?? {}) as Record<string, unknown>,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: isoRequired(r.created_at),
  updatedAt: isoRequired(r.updated_at),
});
