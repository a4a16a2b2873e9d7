/**
 * The customer's side of the Tandem API, as the portal uses it.
 *
 * The link token arrives in the URL fragment (never sent to the server in a URL), is kept in
 * sessionStorage so a reload works, and is then removed from the address bar.
 */
import { isErrorCode, type ErrorCode, type LinkError } from "@tandem/contracts/errors";

export type CaseStatus = "open" | "waiting_on_customer" | "waiting_on_party" | "resolved" | "closed";

export interface Deadline {
  kind: string;
  dueAt: string;
  status: string;
}

export interface PortalMessage {
  id: string;
  body: string;
  from: "customer" | "agent";
  authorName: string | null;
  at: string;
  /** When the message opened a new case (the old one was finished): its number. */
  followUpCaseNumber?: string | null;
}

export interface PortalCase {
  case: {
    number: string;
    subject: string;
    status: CaseStatus;
    kind: string;
    ownerFirstName: string | null;
    nextStep: string | null;
    deadlines: Deadline[];
    createdAt: string;
    updatedAt: string;
    resolvedAt: string | null;
    resolution: string | null;
    resolvedBy: string | null;
  };
  customer: { name: string; locale: string | null };
  messages: PortalMessage[];
}

/** What went wrong, in categories the page can explain in words: the API's own codes where they say it. */
export type ProblemKind = LinkError | Extract<ErrorCode, "case_closed" | "validation_failed" | "rate_limited" | "database_unavailable"> | "link_missing" | "already_resolved" | "already_rated" | "network" | "server";

export class PortalProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
  ) {
    super(message);
  }
  /** True when the link itself no longer opens the case: the whole page becomes an error screen. */
  get isLinkProblem(): boolean {
    return this.kind === "link_missing" || this.kind === "link_invalid" || this.kind === "link_expired" || this.kind === "link_revoked";
  }
}

const TOKEN_KEY = "tandem.portal.token";

/** Takes the token from the fragment (a freshly opened link wins over a stored one), else from sessionStorage. */
export function readToken(): string | null {
  const fragment = safeDecode(location.hash.replace(/^#/, "")).trim();
  if (fragment) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fragment);
    } catch {
      // Storage can be disabled (private mode); the page still works until it is reloaded.
    }
    history.replaceState(history.state, "", location.pathname + location.search);
    return fragment;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A key for Idempotency-Key: a retried send is stored once. getRandomValues works on plain http too. */
export function newRequestKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "portal-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function call<T>(token: string, method: "GET" | "POST", path: string, body?: unknown, key?: string): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (key) headers["idempotency-key"] = key;
  let response: Response;
  try {
    response = await fetch(`/api/v1/portal${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  } catch {
    throw new PortalProblem("network", "network");
  }
  if (response.ok) return (await response.json()) as T;
  let code = "";
  let message = "";
  try {
    const payload = (await response.json()) as { error?: { code?: string; message?: string } };
    code = payload.error?.code ?? "";
    message = payload.error?.message ?? "";
  } catch {
    // Not JSON: a proxy or a crash. The status decides below.
  }
  throw new PortalProblem(problemKind(response.status, code), message || code || String(response.status));
}

function problemKind(status: number, text: string): ProblemKind {
  if (!isErrorCode(text)) return status === 429 ? "rate_limited" : status >= 500 ? "server" : status === 401 || status === 403 || status === 404 ? "link_invalid" : "validation_failed";
  const code: ErrorCode = text;
  switch (code) {
    case "link_invalid":
    case "link_expired":
    case "link_revoked":
    case "case_closed":
    case "validation_failed":
    case "rate_limited":
    case "database_unavailable":
      return code;
    case "invalid_transition":
      return "already_resolved";
    case "satisfaction_already_given":
    case "satisfaction_not_asked":
      return "already_rated";
    case "unauthorized":
    case "forbidden":
    case "not_found":
      return "link_invalid";
    case "internal_error":
      return "server";
    default:
      // Another refusal (a conflict or a bad request) that the page has no words of its own for.
      return status >= 500 ? "server" : "validation_failed";
  }
}

export const portalApi = {
  load: (token: string) => call<PortalCase>(token, "GET", "/case"),
  send: (token: string, body: string, key: string) => call<PortalMessage>(token, "POST", "/case/messages", { body }, key),
  resolve: (token: string, note: string, key: string) => call<PortalCase>(token, "POST", "/case/resolve", note ? { note } : {}, key),
  rate: (token: string, score: number, comment: string, key: string) => call<unknown>(token, "POST", "/case/satisfaction", comment ? { score, comment } : { score }, key),
};
