/**
 * Every error code the API answers with, by where it comes from. The server's errors are typed
 * with these, and the console and the customer's page import them instead of redeclaring them.
 * No zod here: the customer's page imports this file alone (`@tandem/contracts/errors`).
 */

/** Any route: bad input, authentication, permissions, limits. */
export const COMMON_ERRORS = [
  "validation_failed",
  "invalid_json",
  "unsupported_media_type",
  "payload_too_large",
  "bad_request",
  "bad_url",
  "uri_too_long",
  "unauthorized",
  "forbidden",
  "csrf_failed",
  "not_found",
  "rate_limited",
  "idempotency_key_reused",
  "internal_error",
  "database_unavailable",
  "shutting_down",
] as const;

/** Users, sign-in and tokens. */
export const USER_ERRORS = ["email_taken", "self_lockout", "user_inactive"] as const;
/** Organisations. */
export const ORGANIZATION_ERRORS = ["organization_name_taken"] as const;
/** Business calendars. */
export const CALENDAR_ERRORS = ["calendar_name_taken"] as const;
/** Customers and their identities. */
export const CUSTOMER_ERRORS = ["identity_taken", "already_merged", "already_unmerged", "self_merge", "suggestion_decided"] as const;
/** Cases and the contacts recorded on them. */
export const CASE_ERRORS = ["invalid_transition", "case_closed", "already_owner", "user_inactive", "case_customer_mismatch", "already_attached", "already_linked", "self_link", "handoff_required", "same_organization", "user_not_in_organization", "not_a_party"] as const;
/** Tasks across companies: who a task may go to (`not_a_party` is the cases'), its state, and the open tasks that hold a case's resolution. */
export const TASK_ERRORS = ["open_tasks", "task_not_open", "assignee_not_in_organization"] as const;
/** Due work (admin). */
export const DUE_WORK_ERRORS = ["due_work_not_failed"] as const;
/** Remedies: the catalogue's and the decision's refusals (422), approvals (409). */
export const REMEDY_ERRORS = ["remedy_not_allowed", "settlement_refused", "justification_required", "unknown_reason", "remedy_already_decided", "beyond_authority", "flag_not_set", "remedy_value_required", "satisfaction_not_asked", "satisfaction_already_given"] as const;
/** Webhooks. */
export const WEBHOOK_ERRORS = ["webhook_address_refused", "webhook_paused"] as const;
/** The contact guard: a contact that is no longer scheduled cannot be sent or cancelled. */
export const OUTREACH_ERRORS = ["outreach_not_scheduled"] as const;
/** The customer's link. */
export const LINK_ERRORS = ["link_invalid", "link_expired", "link_revoked"] as const;

export type CommonError = (typeof COMMON_ERRORS)[number];
export type UserError = (typeof USER_ERRORS)[number];
export type OrganizationError = (typeof ORGANIZATION_ERRORS)[number];
export type CustomerError = (typeof CUSTOMER_ERRORS)[number];
export type CaseError = (typeof CASE_ERRORS)[number];
export type LinkError = (typeof LINK_ERRORS)[number];
export type DueWorkError = (typeof DUE_WORK_ERRORS)[number];
export type CalendarError = (typeof CALENDAR_ERRORS)[number];
export type RemedyError = (typeof REMEDY_ERRORS)[number];
export type WebhookError = (typeof WEBHOOK_ERRORS)[number];
export type TaskError = (typeof TASK_ERRORS)[number];
export type OutreachError = (typeof OUTREACH_ERRORS)[number];
export type ErrorCode = CommonError | UserError | OrganizationError | CustomerError | CaseError | LinkError | DueWorkError | CalendarError | RemedyError | WebhookError | TaskError | OutreachError;

export const ERROR_CODES: readonly ErrorCode[] = [...new Set<ErrorCode>([...COMMON_ERRORS, ...USER_ERRORS, ...ORGANIZATION_ERRORS, ...CUSTOMER_ERRORS, ...CASE_ERRORS, ...LINK_ERRORS, ...DUE_WORK_ERRORS, ...CALENDAR_ERRORS, ...REMEDY_ERRORS, ...WEBHOOK_ERRORS, ...TASK_ERRORS, ...OUTREACH_ERRORS])];

/** The one error shape: `{ "error": { "code", "message", "details" } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown[] };
}

export const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);
