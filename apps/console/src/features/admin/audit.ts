/** The audit log for admins: its filters as the API takes them, a page at a time, and entries in words. */
import type { AuditEntry, Page } from "@tandem/contracts";
import { get } from "../../lib/api";

export interface AuditFilters {
  actorId: string;
  /** Comma-separated actions, e.g. `user.role_changed, token.revoked`. */
  action: string;
  subjectType: string;
  subjectId: string;
  organizationId: string;
  /** Instants (ISO 8601) or null: `from` inclusive, `to` exclusive. */
  from: string | null;
  to: string | null;
}

export const NO_AUDIT_FILTERS: AuditFilters = { actorId: "", action: "", subjectType: "", subjectId: "", organizationId: "", from: null, to: null };

/** The subject types the server records today (others may follow: the filter also takes typing). */
export const AUDIT_SUBJECT_TYPES = ["user", "token", "organization", "customer_link", "case", "security", "demo"] as const;

const ACTION = /^[a-z_]{1,50}\.[a-z_]{1,50}$/;
const SUBJECT_TYPE = /^[a-z_]{1,50}$/;
const SUBJECT_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

/** What is wrong with each filter (a key of the messages), before the server is asked. */
export function auditFilterErrors(f: AuditFilters): Partial<Record<keyof AuditFilters, "audit.badAction" | "audit.badSubjectType" | "audit.badSubjectId" | "audit.badRange">> {
  const errors: ReturnType<typeof auditFilterErrors> = {};
  const actions = f.action.split(",").map((s) => s.trim()).filter(Boolean);
  if (actions.length > 20 || actions.some((a) => !ACTION.test(a))) errors.action = "audit.badAction";
  if (f.subjectType.trim() && !SUBJECT_TYPE.test(f.subjectType.trim())) errors.subjectType = "audit.badSubjectType";
  if (f.subjectId.trim() && !SUBJECT_ID.test(f.subjectId.trim())) errors.subjectId = "audit.badSubjectId";
  if (f.from && f.to && Date.parse(f.from) >= Date.parse(f.to)) errors.to = "audit.badRange";
  return errors;
}

/** The query string of `GET /audit` for these filters: only what is set, trimmed. */
export function auditQuery(f: AuditFilters): Record<string, string> {
  const q: Record<string, string> = {};
  const actions = f.action.split(",").map((s) => s.trim()).filter(Boolean);
  if (actions.length) q.action = actions.join(",");
  for (const key of ["actorId", "subjectType", "subjectId", "organizationId"] as const) if (f[key].trim()) q[key] = f[key].trim();
  if (f.from) q.from = f.from;
  if (f.to) q.to = f.to;
  return q;
}

export const fetchAuditPage = (query: Record<string, string>, cursor: string | undefined, signal?: AbortSignal) => get<Page<AuditEntry>>("/api/v1/audit", { ...query, limit: 50, cursor }, signal);

export interface Change {
  field: string;
  before: string | null;
  after: string | null;
}

const shown = (v: unknown): string | null => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

/**
 * An entry's before and after as changed fields: for two objects, each field whose value differs
 * (in the order first seen); otherwise the whole values as one change without a field name.
 */
export function auditChanges(before: unknown, after: unknown): Change[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if ((isObject(before) || before == null) && (isObject(after) || after == null) && (before != null || after != null)) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return fields.filter((k) => shown(b[k]) !== shown(a[k])).map((field) => ({ field, before: shown(b[field]), after: shown(a[field]) }));
  }
  if (before == null && after == null) return [];
  return [{ field: "", before: before == null ? null : shown(before), after: after == null ? null : shown(after) }];
}
