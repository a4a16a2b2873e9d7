/**
 * Bad input on every route: each gets a 4xx with `{ error: { code, message, details } }` and
 * writes nothing. Data-driven (route × bad payload), plus a seeded fuzzer over valid bodies.
 * SQL-looking text, emoji and CJK in valid fields are not errors: they are stored exactly.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";
import { encodeCursor } from "../src/platform/pagination.js";

let t: TestApp;
let w: World;
let tag: string;
// Fixtures made once: a customer with a case, a second customer with a case, a user to patch.
let customerId: string;
let caseId: string;
let otherCustomerId: string;
let otherCaseId: string;
let interactionId: string;
let targetUserId: string;
let tokenId: string;
let calendarId: string;
let grantedRemedyId: string;
let webhookId: string;
let deliveryId: string;

interface Sent {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

async function send(
  method: string,
  url: string,
  opts: { token?: string | null; payload?: string; contentType?: string | null; headers?: Record<string, string>; remoteAddress?: string } = {},
): Promise<Sent> {
  const token = opts.token === undefined ? w.admin.token : opts.token;
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...opts.headers };
  if (opts.payload !== undefined && opts.contentType !== null) headers["content-type"] = opts.contentType ?? "application/json";
  const res = await t.app.inject({
    method: method as "GET",
    url,
    headers,
    ...(opts.payload !== undefined ? { payload: opts.payload } : {}),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
  let body: unknown = res.body;
  try {
    body = res.body ? JSON.parse(res.body) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, body, headers: res.headers };
}

function expectErrorShape(r: Sent, label: string): void {
  expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
  expect(r.body, label).toEqual({ error: { code: expect.any(String), message: expect.any(String), details: expect.any(Array) } });
  expect(r.body.error.code, label).toMatch(/^[a-z_]+$/);
}

/** Sends a request that must be refused with `status` (or any 4xx when a list) and must write nothing. */
async function refused(label: string, status: number | number[], method: string, url: string, opts: Parameters<typeof send>[2] = {}): Promise<Sent> {
  const before = await snapshot(t.db, tag);
  const r = await send(method, url, opts);
  expectErrorShape(r, label);
  if (Array.isArray(status)) expect(status, `${label}: got ${r.status} ${JSON.stringify(r.body)}`).toContain(r.status);
  else expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBe(status);
  expect(changed(before, await snapshot(t.db, tag)), `${label} wrote something`).toEqual([]);
  return r;
}

const LONG = "x".repeat(70_000);
const CONTROL = "ab\u0000c\u001b[31md\u0007";
const SQL = `Robert'); DROP TABLE customers; -- " OR 1=1; SELECT pg_sleep(5)`;
const FUNNY = `${SQL} 李雷和韩梅梅 😀🎉 Ünïcödé ﷺ 𠜎`;

interface BodyRoute {
  name: string;
  method: "POST" | "PATCH" | "PUT";
  url: () => string;
  valid: () => Record<string, unknown>;
  /** Fields whose absence is an error. */
  required: string[];
  /** Fields where any text is acceptable (passwords): skipped by the control-character check. */
  freeText?: string[];
  /** Route-specific bad bodies and the status each must get. */
  bad: () => [string, unknown, number][];
  token?: () => string;
  /**
   * Its valid body creates workspace-wide state: an SLA policy the fuzzer stripped of its
   * conditions would apply to other files' cases on a shared PostgreSQL database. Not fuzzed.
   */
  notFuzzed?: true;
}

const routes: BodyRoute[] = [
  {
    name: "create SLA policy",
    method: "POST",
    url: () => "/api/v1/sla-policies",
    // For a category of its own, so that on a shared PostgreSQL database it never applies to another file's cases.
    valid: () => ({ name: `Policy ${tag}`, warnBefore: "PT5M", appliesTo: { category: `never-${tag}` } }),
    required: ["name"],
    notFuzzed: true,
    bad: () => [
      ["a duration in years", { name: "x", firstResponse: "P1Y" }, 400],
      ["a duration in words", { name: "x", resolution: "one hour" }, 400],
      ["an empty duration", { name: "x", warnBefore: "PT" }, 400],
      ["an unknown proactive mode", { name: "x", proactiveUpdates: "sometimes" }, 400],
      ["an unknown escalation rung", { name: "x", escalation: { warn: ["ceo"], breach: [], adminsAfter: null } }, 400],
      ["a negative position", { name: "x", position: -1 }, 400],
    ],
  },
  {
    name: "record a commitment",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/commitments`,
    valid: () => ({ description: `Promise ${tag}`, dueAt: "2099-01-01T18:00:00+08:00" }),
    required: ["description", "dueAt"],
    bad: () => [
      ["a time without a zone", { description: "x", dueAt: "2099-01-01T18:00:00" }, 400],
      ["a time in words", { description: "x", dueAt: "tomorrow at six" }, 400],
      ["a time already past", { description: "x", dueAt: "2001-01-01T00:00:00Z" }, 400],
    ],
  },
  {
    name: "login",
    method: "POST",
    url: () => "/api/v1/auth/login",
    valid: () => ({ email: w.agent.email, password: "correct horse battery" }),
    required: ["email", "password"],
    freeText: ["password"],
    bad: () => [
      ["overlong password", { email: w.agent.email, password: "p".repeat(201) }, 400],
      ["empty email", { email: "   ", password: "x" }, 400],
    ],
  },
  {
    name: "patch me",
    method: "PATCH",
    url: () => "/api/v1/auth/me",
    valid: () => ({ locale: "en", timeZone: "Asia/Shanghai" }),
    required: [],
    bad: () => [
      ["unknown time zone", { timeZone: "Mars/Olympus_Mons" }, 400],
      ["unknown locale", { locale: "fr" }, 400],
      ["role escalation field", { role: "admin" }, 400],
    ],
  },
  {
    name: "create user",
    method: "POST",
    url: () => "/api/v1/users",
    valid: () => ({ email: `new.${tag}@test.tandem.local`, name: `New ${tag}`, password: "long enough pw", role: "agent", organizationId: w.hotline.id }),
    required: ["email", "name", "password", "role", "organizationId"],
    freeText: ["password"],
    bad: () => {
      const base = { email: `bad.${tag}@test.tandem.local`, name: `Bad ${tag}`, password: "long enough pw", role: "agent", organizationId: w.hotline.id };
      return [
        ["not an e-mail", { ...base, email: "not-an-email" }, 400],
        ["short password", { ...base, password: "short" }, 400],
        ["unknown role", { ...base, role: "root" }, 400],
        ["unknown organization", { ...base, organizationId: randomUUID() }, 400],
        ["agent in a partner organization", { ...base, organizationId: w.maker.id }, 400],
        ["partner agent in a department", { ...base, role: "partner_agent" }, 400],
        ["e-mail taken", { ...base, email: w.agent.email.toUpperCase() }, 409],
        ["bad time zone", { ...base, timeZone: "Nowhere/Nothing" }, 400],
      ];
    },
  },
  {
    name: "patch user",
    method: "PATCH",
    url: () => `/api/v1/users/${targetUserId}`,
    valid: () => ({ name: `Target ${tag}` }),
    required: [],
    freeText: ["password"],
    bad: () => [
      ["active as text", { active: "no" }, 400],
      ["unknown role", { role: "owner" }, 400],
      ["unknown organization", { organizationId: randomUUID() }, 400],
      ["agent moved into a partner organization", { organizationId: w.maker.id }, 400],
      ["department user made partner agent", { role: "partner_agent" }, 400],
      ["short password", { password: "short" }, 400],
    ],
  },
  {
    name: "create token",
    method: "POST",
    url: () => "/api/v1/tokens",
    valid: () => ({ name: `Token ${tag}`, expiresInDays: 30 }),
    required: ["name"],
    bad: () => [
      ["zero days", { name: "t", expiresInDays: 0 }, 400],
      ["days as text", { name: "t", expiresInDays: "30" }, 400],
      ["fractional days", { name: "t", expiresInDays: 1.5 }, 400],
      ["too many days", { name: "t", expiresInDays: 100000 }, 400],
    ],
  },
  {
    name: "create organization",
    method: "POST",
    url: () => "/api/v1/organizations",
    valid: () => ({ name: `Org ${tag}`, kind: "department" }),
    required: ["name", "kind"],
    bad: () => [
      ["unknown kind", { name: `Org ${tag}`, kind: "vendor" }, 400],
      ["blank name", { name: "   ", kind: "partner" }, 400],
      ["multi-line name", { name: `Org\n${tag}`, kind: "partner" }, 400],
      ["name of 201 characters", { name: "n".repeat(201), kind: "partner" }, 400],
    ],
  },
  {
    name: "create calendar",
    method: "POST",
    url: () => "/api/v1/calendars",
    valid: () => ({ name: `Calendar ${tag}`, timezone: "Asia/Shanghai", hours: [{ day: 1, from: "09:00", to: "12:00" }, { day: 1, from: "13:30", to: "18:00" }], holidays: ["2026-10-01"], workingDays: ["2026-10-10"] }),
    required: ["name", "timezone", "hours"],
    bad: () => {
      const base = { name: `Bad calendar ${tag}`, timezone: "Asia/Shanghai", hours: [{ day: 1, from: "09:00", to: "18:00" }] };
      return [
        ["unknown time zone", { ...base, timezone: "Mars/Olympus_Mons" }, 400],
        ["day 0", { ...base, hours: [{ day: 0, from: "09:00", to: "18:00" }] }, 400],
        ["time without a colon", { ...base, hours: [{ day: 1, from: "0900", to: "18:00" }] }, 400],
        ["interval ending before it starts", { ...base, hours: [{ day: 1, from: "22:00", to: "06:00" }] }, 400],
        ["overlapping intervals", { ...base, hours: [{ day: 1, from: "09:00", to: "12:00" }, { day: 1, from: "11:00", to: "13:00" }] }, 400],
        ["never open", { ...base, hours: [] }, 400],
        ["interval with a field of its own", { ...base, hours: [{ day: 1, from: "09:00", to: "18:00", open: true }] }, 400],
        ["30 February", { ...base, holidays: ["2026-02-30"] }, 400],
        ["a date both holiday and working day", { ...base, holidays: ["2026-10-10"], workingDays: ["2026-10-10"] }, 400],
        ["make-up day with bad hours", { ...base, workingDays: [{ date: "2026-10-10", hours: [{ from: "18:00", to: "09:00" }] }] }, 400],
        ["2001 holidays", { ...base, holidays: Array.from({ length: 2001 }, () => "2026-10-01") }, 400],
        ["name taken", { ...base, name: `FIXTURE CALENDAR ${tag}` }, 409],
      ];
    },
  },
  {
    name: "patch calendar",
    method: "PATCH",
    url: () => `/api/v1/calendars/${calendarId}`,
    valid: () => ({ name: `Fixture calendar ${tag}`, holidays: ["2026-10-02"] }),
    required: [],
    bad: () => [
      ["unknown time zone", { timezone: "Nowhere/Nothing" }, 400],
      ["never open", { hours: [] }, 400],
      ["a working day that is a holiday", { workingDays: ["2026-10-01"] }, 400],
      ["id in the body", { id: randomUUID() }, 400],
    ],
  },
  {
    name: "create webhook",
    method: "POST",
    url: () => "/api/v1/webhooks",
    valid: () => ({ url: `http://10.0.0.5/hooks/${tag}`, events: ["case.resolved"], secret: "s".repeat(16) }),
    required: ["url", "events"],
    bad: () => {
      const base = { url: `https://hooks.example.com/${tag}`, events: ["case.resolved"] };
      return [
        ["not a URL", { ...base, url: "hooks here" }, 400],
        ["ftp URL", { ...base, url: `ftp://example.com/${tag}` }, 400],
        ["javascript URL", { ...base, url: "javascript:alert(1)" }, 400],
        ["URL with a password", { ...base, url: `https://user:pw@example.com/${tag}` }, 422],
        ["no events", { ...base, events: [] }, 400],
        ["events not a list", { ...base, events: "case.resolved" }, 400],
        ["an event type that is not one", { ...base, events: ["case resolved; DROP TABLE webhooks"] }, 400],
        ["51 events", { ...base, events: Array.from({ length: 51 }, (_, i) => `case.e${"x".repeat(i)}`) }, 400],
        ["short secret", { ...base, secret: "short" }, 400],
        ["secret not text", { ...base, secret: 1234567890123456 }, 400],
        ["URL of 2001 characters", { ...base, url: `https://example.com/${"a".repeat(1990)}` }, 400],
        ["unknown field", { ...base, active: false }, 400],
      ];
    },
  },
  {
    name: "patch webhook",
    method: "PATCH",
    url: () => `/api/v1/webhooks/${webhookId}`,
    valid: () => ({ events: ["case.resolved", "case.created"] }),
    required: [],
    bad: () => [
      ["not a URL", { url: "nowhere" }, 400],
      ["no events", { events: [] }, 400],
      ["active not a boolean", { active: "yes" }, 400],
      ["short secret", { secret: "x" }, 400],
      ["id in the body", { id: randomUUID() }, 400],
    ],
  },
  {
    name: "create customer",
    method: "POST",
    url: () => "/api/v1/customers",
    valid: () => ({ name: `Customer ${tag}`, identities: [{ kind: "phone", value: randomMobile() }], locale: "zh-CN", preferredChannel: "phone" }),
    required: ["name"],
    bad: () => [
      ["identities not a list", { name: `C ${tag}`, identities: { kind: "phone", value: "13800138000" } }, 400],
      ["unknown identity kind", { name: `C ${tag}`, identities: [{ kind: "fax", value: "123" }] }, 400],
      ["bad external kind", { name: `C ${tag}`, identities: [{ kind: "external:Bad System!", value: "1" }] }, 400],
      ["not a phone number", { name: `C ${tag}`, identities: [{ kind: "phone", value: "call me maybe" }] }, 400],
      ["not an e-mail", { name: `C ${tag}`, identities: [{ kind: "email", value: "nobody@" }] }, 400],
      ["short national id", { name: `C ${tag}`, identities: [{ kind: "national_id", value: "12" }] }, 400],
      ["identity value with control characters", { name: `C ${tag}`, identities: [{ kind: "member_id", value: CONTROL }] }, 400],
      ["identity with unknown field", { name: `C ${tag}`, identities: [{ kind: "member_id", value: "M1", primary: true }] }, 400],
      ["21 identities", { name: `C ${tag}`, identities: Array.from({ length: 21 }, (_, i) => ({ kind: "member_id", value: `M${tag}${i}` })) }, 400],
      ["one good and one bad identity", { name: `C ${tag}`, identities: [{ kind: "member_id", value: `OK${tag}` }, { kind: "phone", value: "12" }] }, 400],
      ["identity taken", { name: `C ${tag}`, identities: [{ kind: "member_id", value: `FRESH${tag}` }, { kind: "member_id", value: `HELD${tag}` }] }, 409],
      ["unknown locale", { name: `C ${tag}`, locale: "tlh" }, 400],
      ["unknown channel", { name: `C ${tag}`, preferredChannel: "pigeon" }, 400],
    ],
  },
  {
    name: "record interaction",
    method: "POST",
    url: () => "/api/v1/interactions",
    valid: () => ({ channel: "phone", direction: "inbound", customer: { id: customerId }, body: `Call ${tag}` }),
    required: ["channel", "direction", "customer", "body"],
    bad: () => {
      const base = { channel: "phone", direction: "inbound", body: `Call ${tag}` };
      return [
        ["unknown channel", { ...base, channel: "fax", customer: { id: customerId } }, 400],
        ["unknown direction", { ...base, direction: "sideways", customer: { id: customerId } }, 400],
        ["customer with id and identities", { ...base, customer: { id: customerId, identities: [{ kind: "phone", value: randomMobile() }] } }, 400],
        ["empty customer", { ...base, customer: {} }, 400],
        ["no identities", { ...base, customer: { identities: [] } }, 400],
        ["customer id not an id", { ...base, customer: { id: "42" } }, 400],
        ["unknown customer", { ...base, customer: { id: randomUUID() } }, 400],
        ["unknown case", { ...base, customer: { id: customerId }, caseId: randomUUID() }, 400],
        ["case of another customer", { ...base, customer: { id: customerId }, caseId: otherCaseId }, 422],
        ["new customer with another's case", { ...base, customer: { identities: [{ kind: "member_id", value: `NEWM${tag}` }], name: `N ${tag}` }, caseId: otherCaseId }, 422],
        ["unknown organization", { ...base, customer: { id: customerId }, organizationId: randomUUID() }, 400],
        ["time in words", { ...base, customer: { id: customerId }, occurredAt: "yesterday" }, 400],
        ["time without offset", { ...base, customer: { id: customerId }, occurredAt: "2026-01-01T10:00:00" }, 400],
        ["time in the future", { ...base, customer: { id: customerId }, occurredAt: new Date(Date.now() + 86400_000).toISOString() }, 400],
        ["time before 1970", { ...base, customer: { id: customerId }, occurredAt: "1969-12-31T23:59:59Z" }, 400],
        ["year 0", { ...base, customer: { id: customerId }, occurredAt: "0000-01-01T00:00:00Z" }, 400],
        ["six-digit year", { ...base, customer: { id: customerId }, occurredAt: "+275760-09-13T00:00:00Z" }, 400],
        ["30 February", { ...base, customer: { id: customerId }, occurredAt: "2026-02-30T10:00:00Z" }, 400],
        ["blank body", { ...base, customer: { id: customerId }, body: " \n\t " }, 400],
        ["bad identity among new", { ...base, customer: { identities: [{ kind: "phone", value: "0" }] } }, 400],
      ];
    },
  },
  {
    name: "create case",
    method: "POST",
    url: () => "/api/v1/cases",
    valid: () => ({ customerId, kind: "complaint", subject: `Subject ${tag}`, channel: "phone" }),
    required: ["customerId", "kind", "subject", "channel"],
    bad: () => {
      const base = { customerId, kind: "complaint", subject: `Subject ${tag}`, channel: "phone" };
      return [
        ["unknown kind", { ...base, kind: "bug" }, 400],
        ["unknown channel", { ...base, channel: "fax" }, 400],
        ["unknown priority", { ...base, priority: "p0" }, 400],
        ["blank subject", { ...base, subject: "    " }, 400],
        ["multi-line subject", { ...base, subject: "one\ntwo" }, 400],
        ["subject of 301 characters", { ...base, subject: "s".repeat(301) }, 400],
        ["unknown customer", { ...base, customerId: randomUUID() }, 400],
        ["customer id with SQL", { ...base, customerId: `${customerId}' OR '1'='1` }, 400],
        ["unknown organization", { ...base, organizationId: randomUUID() }, 400],
        ["description of 20001 characters", { ...base, description: "d".repeat(20001) }, 400],
        ["owner not an id", { ...base, ownerId: "me" }, 400],
        ["unknown owner", { ...base, ownerId: randomUUID() }, 400],
      ];
    },
  },
  {
    name: "attach interaction",
    method: "POST",
    url: () => `/api/v1/interactions/${interactionId}/attach`,
    valid: () => ({ caseId }),
    required: [],
    bad: () => [
      ["empty body", {}, 400],
      ["both a case and a new case", { caseId, case: { kind: "question", subject: "x" } }, 400],
      ["case id not an id", { caseId: "42" }, 400],
      ["unknown case", { caseId: randomUUID() }, 400],
      ["case of another customer", { caseId: otherCaseId }, 422],
      ["new case of an unknown kind", { case: { kind: "bug", subject: "x" } }, 400],
      ["new case without a subject", { case: { kind: "question" } }, 400],
      ["new case with a field of its own", { case: { kind: "question", subject: "x", customerId } }, 400],
    ],
  },
  {
    name: "message",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/messages`,
    valid: () => ({ visibility: "internal", body: `Note ${tag}` }),
    required: ["visibility", "body"],
    bad: () => [
      ["unknown visibility", { visibility: "secret", body: "x" }, 400],
      ["body of 20001 characters", { visibility: "public", body: "b".repeat(20001) }, 400],
    ],
  },
  {
    name: "assign",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/assign`,
    valid: () => ({ userId: w.agent.id }),
    required: ["userId"],
    bad: () => [
      ["unknown user", { userId: randomUUID() }, 400],
      ["user as e-mail", { userId: w.agent.email }, 400],
    ],
  },
  {
    name: "share",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/parties`,
    valid: () => ({ organizationId: w.billing.id, access: "view" }),
    required: ["organizationId", "access"],
    bad: () => [
      ["unknown access", { organizationId: w.maker.id, access: "admin" }, 400],
      ["unknown organization", { organizationId: randomUUID(), access: "view" }, 400],
      ["the owner itself", { organizationId: w.hotline.id, access: "view" }, 409],
    ],
  },
  {
    name: "resolve",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/resolve`,
    valid: () => ({ resolution: `Fixed ${tag}`, resolvedBy: "agent" }),
    required: ["resolution"],
    bad: () => [["unknown resolver", { resolution: "x", resolvedBy: "robot" }, 400]],
  },
  {
    name: "reopen",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/reopen`,
    valid: () => ({ reason: `Again ${tag}` }),
    required: ["reason"],
    bad: () => [["reopen an open case", { reason: "why not" }, 409]],
  },
  {
    name: "status",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/status`,
    valid: () => ({ status: "waiting_on_customer", note: `Waiting ${tag}` }),
    required: ["status"],
    bad: () => [
      ["resolved is not a status change", { status: "resolved" }, 400],
      ["unknown status", { status: "done" }, 400],
      ["already open", { status: "open" }, 409],
      ["close an open case", { status: "closed" }, 409],
    ],
  },
  {
    name: "link",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/links`,
    valid: () => ({ caseId: otherCaseId, kind: "related" }),
    required: ["caseId", "kind"],
    bad: () => [
      ["unknown kind", { caseId: otherCaseId, kind: "sibling_of" }, 400],
      ["case id not an id", { caseId: "TD-1001", kind: "related" }, 400],
      ["link to itself", { caseId, kind: "duplicate_of" }, 409],
      ["unknown case", { caseId: randomUUID(), kind: "related" }, 404],
    ],
  },
  {
    name: "merge customers",
    method: "POST",
    url: () => `/api/v1/customers/${customerId}/merge`,
    valid: () => ({ otherId: otherCustomerId, survivor: customerId, reason: `Same person ${tag}` }),
    required: ["otherId", "survivor"],
    bad: () => [
      ["merge with itself", { otherId: customerId, survivor: customerId }, 422],
      ["survivor neither of them", { otherId: otherCustomerId, survivor: caseId }, 400],
      ["unknown other customer", { otherId: randomUUID(), survivor: customerId }, 400],
      ["other as a name", { otherId: "Other", survivor: customerId }, 400],
      ["multi-line reason", { otherId: otherCustomerId, survivor: customerId, reason: "a\nb" }, 400],
    ],
  },
  {
    name: "notification preferences",
    method: "PATCH",
    url: () => "/api/v1/notifications/preferences",
    valid: () => ({ email: true }),
    required: [],
    bad: () => [
      ["email as text", { email: "yes" }, 400],
      ["email as a number", { email: 1 }, 400],
      ["email null", { email: null }, 400],
      ["a field of its own", { email: true, sms: true }, 400],
      ["working hours ending before they start", { workingHours: [{ day: 1, from: "18:00", to: "09:00" }] }, 400],
      ["a day after Sunday", { workingHours: [{ day: 8, from: "09:00", to: "18:00" }] }, 400],
      ["a time not HH:MM", { workingHours: [{ day: 1, from: "9am", to: "18:00" }] }, 400],
      ["no intervals", { workingHours: [] }, 400],
      ["an interval with a field of its own", { workingHours: [{ day: 1, from: "09:00", to: "18:00", timeZone: "UTC" }] }, 400],
    ],
  },
  {
    name: "request remedy",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/remedies`,
    valid: () => ({ kind: "voucher", value: { amount: "5.00", currency: "CNY" }, reason: "late_delivery", fault: "third_party" }),
    required: ["kind", "reason", "fault"],
    bad: () => {
      const base = { kind: "voucher", value: { amount: "5.00", currency: "CNY" }, reason: "late_delivery", fault: "third_party" };
      return [
        ["unknown kind", { ...base, kind: "cash" }, 400],
        ["unknown fault", { ...base, fault: "nobody" }, 400],
        ["a float amount", { ...base, value: { amount: 0.1 + 0.2, currency: "CNY" } }, 400],
        ["a negative amount", { ...base, value: { amount: "-5.00", currency: "CNY" } }, 400],
        ["three decimals", { ...base, value: { amount: "5.001", currency: "CNY" } }, 400],
        ["an amount with an exponent", { ...base, value: { amount: 1e21, currency: "CNY" } }, 400],
        ["a currency in lower case", { ...base, value: { amount: "5.00", currency: "cny" } }, 400],
        ["money with a field of its own", { ...base, value: { amount: "5.00", currency: "CNY", minor: 500 } }, 400],
        ["a fractional quantity", { ...base, kind: "points", value: undefined, quantity: 1.5 }, 400],
        ["an unknown settlement", { ...base, settlement: "cash_later" }, 400],
        ["an unknown reason", { ...base, reason: "bad_weather" }, 422],
        ["a kind the reason does not allow", { ...base, kind: "free_service" }, 422],
        ["another currency", { ...base, value: { amount: "5.00", currency: "USD" } }, 422],
        ["no value", { kind: "voucher", reason: "late_delivery", fault: "third_party" }, 422],
        ["charge in full, refund later, before any charge", { ...base, chargeStatus: "not_charged", settlement: "charge_then_refund" }, 422],
        ["a company-fault loss left partly to the customer, unjustified", { ...base, fault: "company", loss: { amount: "50.00", currency: "CNY" } }, 422],
      ];
    },
  },
  {
    name: "preview remedy",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/remedies/preview`,
    valid: () => ({ kind: "refund", value: { amount: 710, currency: "CNY" }, loss: { amount: 710, currency: "CNY" }, reason: "fare_withdrawn_after_confirmation", fault: "company", chargeStatus: "not_charged" }),
    required: ["kind", "reason", "fault"],
    bad: () => [["charge in full, refund later, before any charge", { kind: "refund", value: { amount: 710, currency: "CNY" }, reason: "fare_withdrawn_after_confirmation", fault: "company", chargeStatus: "not_charged", settlement: "charge_then_refund" }, 422]],
  },
  {
    name: "approve remedy",
    method: "POST",
    url: () => `/api/v1/remedies/${grantedRemedyId}/approve`,
    valid: () => ({ reason: `Approve ${tag}` }),
    required: ["reason"],
    bad: () => [
      ["already granted", { reason: "again" }, 409],
      ["a blank reason", { reason: "   " }, 400],
    ],
  },
  {
    name: "decline remedy",
    method: "POST",
    url: () => `/api/v1/remedies/${grantedRemedyId}/decline`,
    valid: () => ({ reason: `Decline ${tag}` }),
    required: ["reason"],
    bad: () => [["already granted", { reason: "no" }, 409]],
  },
  {
    name: "record goodwill",
    method: "POST",
    url: () => `/api/v1/customers/${customerId}/goodwill`,
    valid: () => ({ kind: "refund", value: { amount: "30.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", at: "2026-01-03T10:00:00+08:00", source: `legacy ${tag}` }),
    required: ["kind", "value", "reason", "fault", "at", "source"],
    bad: () => {
      const base = { kind: "refund", value: { amount: "30.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", at: "2026-01-03T10:00:00+08:00", source: "legacy" };
      return [
        ["a time without offset", { ...base, at: "2026-01-03 10:00" }, 400],
        ["in the future", { ...base, at: "2999-01-01T00:00:00Z" }, 422],
        ["an unknown reason", { ...base, reason: "bad_weather" }, 422],
        ["another currency", { ...base, value: { amount: "30.00", currency: "EUR" } }, 422],
        ["a multi-line source", { ...base, source: "a\nb" }, 400],
      ];
    },
  },
  {
    name: "contact outcome",
    method: "POST",
    url: () => `/api/v1/cases/${caseId}/contact-outcome`,
    valid: () => ({ outcome: "ended_after_explanation", note: `Explained ${tag}` }),
    required: ["outcome", "note"],
    bad: () => [["an unknown outcome", { outcome: "hung_up", note: "x" }, 400]],
  },
  {
    name: "clear flag",
    method: "POST",
    url: () => `/api/v1/customers/${customerId}/flags/serial_claimant/clear`,
    valid: () => ({ reason: `Cleared ${tag}` }),
    required: ["reason"],
    bad: () => [["not flagged", { reason: "x" }, 422]],
  },
  {
    name: "remedy reason",
    method: "PUT",
    url: () => `/api/v1/remedy-catalogue/reasons/fuzz_${tag}`,
    valid: () => ({ labels: { "zh-CN": "测试原因", en: `Fuzz ${tag}` }, kinds: ["voucher", "points"], active: true }),
    required: ["labels", "kinds"],
    bad: () => {
      const base = { labels: { "zh-CN": "延迟送达", en: "Late delivery" }, kinds: ["voucher"], limit: null };
      return [
        ["no kinds", { ...base, kinds: [] }, 400],
        ["an unknown kind", { ...base, kinds: ["cash"] }, 400],
        ["a negative limit", { ...base, limit: { count: -1, windowDays: 30 } }, 400],
        ["a zero window", { ...base, limit: { count: 1, windowDays: 0 } }, 400],
        ["an unknown beyond", { ...base, limit: { count: 1, windowDays: 30, beyond: "ignore" } }, 400],
        ["one label only", { ...base, labels: { en: "Late" } }, 400],
      ];
    },
  },
  {
    name: "remedy settings",
    method: "PATCH",
    url: () => "/api/v1/remedy-catalogue/settings",
    valid: () => ({ goodwillCapWindowDays: 365 }),
    required: [],
    bad: () => [
      ["zero minutes", { approvalMinutes: 0 }, 400],
      ["a window of text", { goodwillCapWindowDays: "365" }, 400],
      ["another currency", { goodwillCap: { amount: "500", currency: "USD" } }, 422],
    ],
  },
];

/** Raw bodies that no JSON route accepts. */
const RAW: [string, string, string | null, number | number[]][] = [
  ["truncated JSON", `{"name": "x`, "application/json", 400],
  ["single quotes", `{'name': 'x'}`, "application/json", 400],
  ["trailing garbage", `{"name":"x"}}`, "application/json", 400],
  ["empty body", "", "application/json", 400],
  ["JSON null", "null", "application/json", 400],
  ["JSON array", "[]", "application/json", 400],
  ["JSON string", `"hello"`, "application/json", 400],
  ["JSON number", "42", "application/json", 400],
  ["prototype pollution", `{"__proto__": {"isAdmin": true}}`, "application/json", 400],
  ["constructor pollution", `{"constructor": {"prototype": {"isAdmin": true}}}`, "application/json", 400],
  ["form encoding", "name=x&kind=department", "application/x-www-form-urlencoded", 415],
  ["XML", "<name>x</name>", "application/xml", 415],
  ["plain text", `{"name":"x"}`, "text/plain", 400],
  ["no content type", `{"name":"x"}`, null, [400, 415]],
  ["1.1 MB of JSON", JSON.stringify({ body: "x".repeat(1_100_000) }), "application/json", 413],
];

const WRONG_TYPES: unknown[] = [12345, -1, true, null, {}, ["a"], 1e308];

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = worldTag(w.admin.email);
  const admin = client(t.app, w.admin.token);
  const c1 = await admin.post("/api/v1/customers", { name: `Fixture ${tag}`, identities: [{ kind: "phone", value: randomMobile() }, { kind: "member_id", value: `HELD${tag}` }] });
  const c2 = await admin.post("/api/v1/customers", { name: `Other ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] });
  customerId = c1.body.id;
  otherCustomerId = c2.body.id;
  caseId = (await admin.post("/api/v1/cases", { customerId, kind: "request", subject: `Fixture case ${tag}`, channel: "phone" })).body.id;
  otherCaseId = (await admin.post("/api/v1/cases", { customerId: otherCustomerId, kind: "request", subject: `Other case ${tag}`, channel: "web" })).body.id;
  interactionId = (await admin.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: customerId }, body: `Fixture call ${tag}` })).body.id;
  targetUserId = (await admin.post("/api/v1/users", { email: `target.${tag}@test.tandem.local`, name: `Target ${tag}`, password: "long enough pw", role: "agent", organizationId: w.hotline.id })).body.id;
  tokenId = (await admin.post("/api/v1/tokens", { name: `Fixture ${tag}` })).body.id;
  calendarId = (await admin.post("/api/v1/calendars", { name: `Fixture calendar ${tag}`, timezone: "Europe/Berlin", hours: [{ day: 1, from: "09:00", to: "17:00" }], holidays: ["2026-10-01"] })).body.id;
  grantedRemedyId = (await admin.post(`/api/v1/cases/${caseId}/remedies`, { kind: "voucher", value: { amount: "5.00", currency: "CNY" }, reason: "late_delivery", fault: "third_party" })).body.id;
  webhookId = (await admin.post("/api/v1/webhooks", { url: `http://192.168.1.20/fixture/${tag}`, events: ["case.created"] })).body.id;
  deliveryId = randomUUID();
  expect([customerId, otherCustomerId, caseId, otherCaseId, targetUserId, tokenId, calendarId, grantedRemedyId, webhookId].every((x) => typeof x === "string")).toBe(true);
});
afterAll(() => t.close());

describe.each(routes)("bad input: $method $name", (route) => {
  it("refuses malformed JSON, wrong content types and non-object bodies", async () => {
    for (const [label, payload, contentType, status] of RAW) {
      await refused(label, status, route.method, route.url(), { payload, contentType });
    }
  });

  it("refuses a missing required field, an unknown field and a wrong type in every field", async () => {
    const valid = route.valid();
    for (const field of route.required) {
      const { [field]: _dropped, ...rest } = valid;
      const r = await refused(`without ${field}`, 400, route.method, route.url(), { payload: JSON.stringify(rest) });
      expect(r.body.error.code).toBe("validation_failed");
      expect(JSON.stringify(r.body.error.details)).toContain(field);
    }
    const r = await refused("unknown field", 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, isAdmin: true }) });
    expect(r.body.error.code).toBe("validation_failed");
    await refused("unknown field id", 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, id: randomUUID() }) });
    for (const field of Object.keys(valid)) {
      for (const value of WRONG_TYPES) {
        if (Array.isArray(valid[field]) && Array.isArray(value)) continue;
        if (typeof valid[field] === "boolean" && typeof value === "boolean") continue;
        await refused(`${field} = ${JSON.stringify(value)}`, 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, [field]: value }) });
      }
    }
  });

  it("refuses overlong strings and control characters in every text field", async () => {
    const valid = route.valid();
    for (const [field, value] of Object.entries(valid)) {
      if (typeof value !== "string") continue;
      await refused(`${field} of 70,000 characters`, 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, [field]: LONG }) });
      if (route.freeText?.includes(field)) continue;
      await refused(`${field} with control characters`, 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, [field]: CONTROL }) });
      await refused(`${field} with a NUL`, 400, route.method, route.url(), { payload: JSON.stringify({ ...valid, [field]: `${value}\u0000` }) });
    }
  });

  it("refuses the route's own bad values", async () => {
    for (const [label, body, status] of route.bad()) {
      const r = await refused(label, status, route.method, route.url(), { payload: JSON.stringify(body) });
      if (status === 400) expect(r.body.error.code, label).toBe("validation_failed");
    }
  });
});

describe("bad input: imports (a text/csv body and its query)", () => {
  const mapping = encodeURIComponent(JSON.stringify({ name: "n" }));
  const csv = "id,n\n1,a\n";
  const cases: [string, string, string, string | null, number][] = [
    ["no source", `/api/v1/imports?key=id&mapping=${mapping}`, csv, "text/csv", 400],
    ["source with spaces", `/api/v1/imports?source=a%20b&key=id&mapping=${mapping}`, csv, "text/csv", 400],
    ["source of 60 characters", `/api/v1/imports?source=${"s".repeat(60)}&key=id&mapping=${mapping}`, csv, "text/csv", 400],
    ["no key", `/api/v1/imports?source=s&mapping=${mapping}`, csv, "text/csv", 400],
    ["empty key", `/api/v1/imports?source=s&key=&mapping=${mapping}`, csv, "text/csv", 400],
    ["key with control characters", `/api/v1/imports?source=s&key=a%1Bb&mapping=${mapping}`, csv, "text/csv", 400],
    ["no mapping", `/api/v1/imports?source=s&key=id`, csv, "text/csv", 400],
    ["mapping not JSON", `/api/v1/imports?source=s&key=id&mapping=name%3Dn`, csv, "text/csv", 400],
    ["mapping a list", `/api/v1/imports?source=s&key=id&mapping=${encodeURIComponent("[1]")}`, csv, "text/csv", 400],
    ["mapping of an unknown field", `/api/v1/imports?source=s&key=id&mapping=${encodeURIComponent(JSON.stringify({ shoeSize: "n" }))}`, csv, "text/csv", 400],
    ["mapping a number", `/api/v1/imports?source=s&key=id&mapping=${encodeURIComponent(JSON.stringify({ name: 5 }))}`, csv, "text/csv", 400],
    ["mapping without a name", `/api/v1/imports?source=s&key=id&mapping=${encodeURIComponent(JSON.stringify({ birthDate: "d" }))}`, csv, "text/csv", 400],
    ["unknown date format", `/api/v1/imports?source=s&key=id&mapping=${mapping}&dateFormat=DDMMYY`, csv, "text/csv", 400],
    ["unknown encoding", `/api/v1/imports?source=s&key=id&mapping=${mapping}&encoding=latin1`, csv, "text/csv", 400],
    ["dry run as yes", `/api/v1/imports?source=s&key=id&mapping=${mapping}&dryRun=yes`, csv, "text/csv", 400],
    ["unknown parameter", `/api/v1/imports?source=s&key=id&mapping=${mapping}&isAdmin=1`, csv, "text/csv", 400],
    ["a JSON body", `/api/v1/imports?source=s&key=id&mapping=${mapping}`, `{"rows":[]}`, "application/json", 415],
    ["form encoding", `/api/v1/imports?source=s&key=id&mapping=${mapping}`, "id=1", "application/x-www-form-urlencoded", 415],
    ["an empty file", `/api/v1/imports?source=s&key=id&mapping=${mapping}`, "", "text/csv", 400],
  ];
  it.each(cases)("%s", async (label, url, payload, contentType, status) => {
    const r = await refused(label, status, "POST", url, { payload, contentType });
    if (status === 400) expect(r.body.error.code).toBe("validation_failed");
  });
});

describe("bad input: actions without a body schema", () => {
  it("logout and token revoke refuse malformed bodies before doing anything", async () => {
    for (const url of ["/api/v1/auth/logout", `/api/v1/tokens/${randomUUID()}/revoke`]) {
      // An empty body is no body: these actions take none (see "empty bodies" in first-contact.test.ts).
      for (const [label, payload, contentType, status] of RAW.filter(([l]) => !["plain text", "no content type", "empty body", "JSON null", "JSON array", "JSON string", "JSON number"].includes(l))) {
        await refused(`${url}: ${label}`, status, "POST", url, { payload, contentType });
      }
    }
    // The caller is still signed in: nothing was revoked.
    expect((await send("GET", "/api/v1/auth/me")).status).toBe(200);
  });
});

describe("bad ids in the path", () => {
  const BAD_IDS = ["not-a-uuid", "1%20OR%201%3D1", "%27%3B%20DROP%20TABLE%20cases%3B--", "..%2F..%2Fetc%2Fpasswd", "00000000-0000-0000-0000-00000000000g", `${"a".repeat(300)}`, "%00", "%F0%9F%98%80"];
  const paths: [string, string, (id: string) => string][] = [
    ["GET", "user", (id) => `/api/v1/users/${id}`],
    ["PATCH", "user", (id) => `/api/v1/users/${id}`],
    ["POST", "token revoke", (id) => `/api/v1/tokens/${id}/revoke`],
    ["GET", "customer", (id) => `/api/v1/customers/${id}`],
    ["GET", "timeline", (id) => `/api/v1/customers/${id}/timeline`],
    ["GET", "case", (id) => `/api/v1/cases/${id}`],
    ["GET", "events", (id) => `/api/v1/cases/${id}/events`],
    ["POST", "message", (id) => `/api/v1/cases/${id}/messages`],
    ["POST", "assign", (id) => `/api/v1/cases/${id}/assign`],
    ["POST", "share", (id) => `/api/v1/cases/${id}/parties`],
    ["POST", "handoff", (id) => `/api/v1/cases/${id}/handoff`],
    ["POST", "party assignee", (id) => `/api/v1/cases/${id}/parties/${w.maker.id}/assignee`],
    ["POST", "party assignee of", (id) => `/api/v1/cases/${caseId}/parties/${id}/assignee`],
    ["POST", "resolve", (id) => `/api/v1/cases/${id}/resolve`],
    ["POST", "reopen", (id) => `/api/v1/cases/${id}/reopen`],
    ["POST", "status", (id) => `/api/v1/cases/${id}/status`],
    ["POST", "attach", (id) => `/api/v1/interactions/${id}/attach`],
    ["POST", "due work retry", (id) => `/api/v1/admin/due-work/${id}/retry`],
    ["GET", "links", (id) => `/api/v1/cases/${id}/links`],
    ["POST", "link", (id) => `/api/v1/cases/${id}/links`],
    ["DELETE", "unlink", (id) => `/api/v1/cases/${caseId}/links/${id}`],
    ["DELETE", "unlink from case", (id) => `/api/v1/cases/${id}/links/${randomUUID()}`],
    ["POST", "notification read", (id) => `/api/v1/notifications/${id}/read`],
    ["GET", "deliveries", (id) => `/api/v1/cases/${id}/deliveries`],
    ["POST", "delivery retry", (id) => `/api/v1/deliveries/${id}/retry`],
    ["GET", "import", (id) => `/api/v1/imports/${id}`],
    ["POST", "merge", (id) => `/api/v1/customers/${id}/merge`],
    ["POST", "unmerge", (id) => `/api/v1/merges/${id}/unmerge`],
    ["POST", "accept suggestion", (id) => `/api/v1/identity/suggestions/${id}/accept`],
    ["POST", "reject suggestion", (id) => `/api/v1/identity/suggestions/${id}/reject`],
    ["GET", "calendar", (id) => `/api/v1/calendars/${id}`],
    ["PATCH", "calendar", (id) => `/api/v1/calendars/${id}`],
    ["GET", "calendar preview", (id) => `/api/v1/calendars/${id}/preview?from=2026-06-01T09:00:00Z&duration=PT8H`],
    ["GET", "case remedies", (id) => `/api/v1/cases/${id}/remedies`],
    ["POST", "request remedy", (id) => `/api/v1/cases/${id}/remedies`],
    ["POST", "preview remedy", (id) => `/api/v1/cases/${id}/remedies/preview`],
    ["GET", "remedy", (id) => `/api/v1/remedies/${id}`],
    ["POST", "approve remedy", (id) => `/api/v1/remedies/${id}/approve`],
    ["POST", "decline remedy", (id) => `/api/v1/remedies/${id}/decline`],
    ["GET", "goodwill", (id) => `/api/v1/customers/${id}/goodwill`],
    ["POST", "record goodwill", (id) => `/api/v1/customers/${id}/goodwill`],
    ["POST", "clear flag", (id) => `/api/v1/customers/${id}/flags/serial_claimant/clear`],
    ["POST", "contact outcome", (id) => `/api/v1/cases/${id}/contact-outcome`],
    ["GET", "case playbook", (id) => `/api/v1/cases/${id}/playbook`],
    ["GET", "webhook", (id) => `/api/v1/webhooks/${id}`],
    ["PATCH", "webhook", (id) => `/api/v1/webhooks/${id}`],
    ["DELETE", "webhook", (id) => `/api/v1/webhooks/${id}`],
    ["GET", "webhook deliveries", (id) => `/api/v1/webhooks/${id}/deliveries`],
    ["POST", "redeliver", (id) => `/api/v1/webhooks/${id}/deliveries/${deliveryId}/redeliver`],
    ["POST", "redeliver delivery", (id) => `/api/v1/webhooks/${webhookId}/deliveries/${id}/redeliver`],
  ];
  const validBodies: Record<string, unknown> = {
    user: { name: "Renamed" },
    message: { visibility: "internal", body: "x" },
    assign: { userId: "00000000-0000-4000-8000-000000000000" },
    share: { organizationId: "00000000-0000-4000-8000-000000000000", access: "view" },
    handoff: { organizationId: "00000000-0000-4000-8000-000000000000", note: "x" },
    "party assignee": { userId: null },
    "party assignee of": { userId: null },
    resolve: { resolution: "x" },
    reopen: { reason: "x" },
    status: { status: "waiting_on_customer" },
    attach: { caseId: "00000000-0000-4000-8000-000000000000" },
    link: { caseId: "00000000-0000-4000-8000-000000000000", kind: "related" },
    "token revoke": {},
    "request remedy": { kind: "voucher", value: { amount: "5.00", currency: "CNY" }, reason: "late_delivery", fault: "third_party" },
    "preview remedy": { kind: "voucher", value: { amount: "5.00", currency: "CNY" }, reason: "late_delivery", fault: "third_party" },
    "approve remedy": { reason: "x" },
    "decline remedy": { reason: "x" },
    "record goodwill": { kind: "refund", value: { amount: "30.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", at: "2026-01-03T10:00:00+08:00", source: "legacy" },
    "clear flag": { reason: "x" },
    "contact outcome": { outcome: "ended_after_explanation", note: "x" },
    merge: { otherId: "00000000-0000-4000-8000-000000000000", survivor: "00000000-0000-4000-8000-000000000000" },
  };

  it.each(paths)("%s %s: a malformed id is 400, an unknown id is 404, and nothing is written", async (method, name, path) => {
    const payload = method === "GET" ? undefined : JSON.stringify(validBodies[name] ?? {});
    for (const bad of BAD_IDS) {
      const r = await refused(`${name} ${bad}`, [400, 404, 414], method, path(bad), { payload });
      if (r.status === 400) expect(r.body.error.code).toBe("validation_failed");
    }
    const r = await refused(`${name} unknown`, 404, method, path(randomUUID()), { payload });
    expect(r.body.error.code).toBe("not_found");
  });

  it("a badly percent-encoded or over-long path gets the error shape too", async () => {
    const r1 = await refused("bad encoding", 400, "GET", "/api/v1/cases/%E0%A4%A");
    expect(r1.body.error.code).toBe("bad_url");
    const r2 = await refused("long id", 414, "POST", `/api/v1/cases/${"a".repeat(1000)}/resolve`, { payload: JSON.stringify({ resolution: "x" }) });
    expect(r2.body.error.code).toBe("uri_too_long");
  });
});

describe("bad query strings on list and lookup routes", () => {
  const crafted = [
    encodeCursor(["not a time", "not an id"]),
    encodeCursor(["2026-01-01T00:00:00.000Z", "not-an-id"]),
    encodeCursor([1, 2]),
    encodeCursor(["x\u0000", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["99999-01-01T00:00:00Z", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["+275760-09-13T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["-271821-04-20T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["0001-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["+010000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]),
    encodeCursor(["a", "b", "c", "d"]),
    Buffer.from("{not json").toString("base64url"),
    "!!!",
    "%00",
    "x".repeat(600),
  ];
  const lists = () => [
    "/api/v1/users",
    `/api/v1/customers/${customerId}/timeline`,
    `/api/v1/cases/${caseId}/events`,
    "/api/v1/cases",
    "/api/v1/cases?sort=priority",
    "/api/v1/cases?sort=created_asc",
    "/api/v1/admin/due-work",
    "/api/v1/admin/due-work?state=pending",
    "/api/v1/audit",
    "/api/v1/audit?action=user.created",
    "/api/v1/notifications",
    `/api/v1/cases/${caseId}/deliveries`,
    "/api/v1/identity/suggestions",
    "/api/v1/calendars",
    "/api/v1/webhooks",
    `/api/v1/webhooks/${webhookId}/deliveries`,
  ];

  it("limit above 200, zero, negative, fractional or text is a 400", async () => {
    for (const base of [...lists(), "/api/v1/customers?q=x"]) {
      for (const limit of ["201", "1000", "0", "-1", "1.5", "ten", "", "1e3"]) {
        const sep = base.includes("?") ? "&" : "?";
        const r = await refused(`${base} limit=${limit}`, 400, "GET", `${base}${sep}limit=${limit}`);
        expect(r.body.error.code).toBe("validation_failed");
      }
      const sep = base.includes("?") ? "&" : "?";
      expect((await send("GET", `${base}${sep}limit=200`)).status).toBe(200);
    }
  });

  it("a forged, garbled or foreign cursor is a 400, never a 500", async () => {
    for (const base of lists()) {
      for (const cursor of crafted) {
        // Users are paged by (name, id): any text is a possible name there.
        if ((base === "/api/v1/users" || base === "/api/v1/calendars") && crafted.indexOf(cursor) >= 4 && crafted.indexOf(cursor) <= 8) continue;
        const sep = base.includes("?") ? "&" : "?";
        const r = await refused(`${base} cursor=${cursor.slice(0, 40)}`, 400, "GET", `${base}${sep}cursor=${encodeURIComponent(cursor)}`);
        expect(r.body.error.code).toBe("validation_failed");
      }
    }
  });

  it("unknown parameters and bad filter values are a 400", async () => {
    const cases: string[] = [
      "/api/v1/cases?status=pending",
      "/api/v1/cases?status=open,bogus",
      "/api/v1/cases?priority=p1",
      "/api/v1/cases?kind=bug",
      "/api/v1/cases?channel=fax",
      "/api/v1/cases?customerId=42",
      "/api/v1/cases?organizationId=%27%20OR%201%3D1",
      "/api/v1/cases?ownerId=nobody",
      "/api/v1/cases?atRisk=maybe",
      "/api/v1/cases?sort=random",
      `/api/v1/cases?q=${"q".repeat(201)}`,
      "/api/v1/cases?q=%00",
      "/api/v1/cases?q=a%1Bb",
      "/api/v1/cases?isAdmin=true",
      "/api/v1/users?organizationId=x",
      "/api/v1/users?role=admin",
      "/api/v1/organizations?kind=robot",
      "/api/v1/organizations?owner=me",
      "/api/v1/users?active=yes",
      "/api/v1/users?q=a%1Bb",
      "/api/v1/customers",
      "/api/v1/customers?identity=nocolon",
      "/api/v1/customers?identity=phone:not-a-phone",
      "/api/v1/customers?identity=fax:123",
      "/api/v1/customers?identity=email:a%00@b.cn",
      "/api/v1/customers?identity=member_id:%00",
      "/api/v1/customers?identity=chat_visitor:a%00b",
      `/api/v1/customers?identity=member_id:${"m".repeat(300)}`,
      `/api/v1/customers?q=${"q".repeat(201)}`,
      "/api/v1/customers?q=%00",
      "/api/v1/customers?q=x&isAdmin=1",
      `/api/v1/customers/${customerId}/timeline?since=yesterday`,
      `/api/v1/cases/${caseId}/events?type=x`,
      "/api/v1/audit?actorId=x",
      "/api/v1/audit?action=DROP%20TABLE",
      "/api/v1/audit?action=user.created,bogus",
      "/api/v1/audit?from=yesterday",
      "/api/v1/audit?to=2026-01-01T10:00:00",
      "/api/v1/audit?subjectType=User!",
      "/api/v1/audit?subjectId=%00",
      `/api/v1/audit?subjectId=${"s".repeat(201)}`,
      "/api/v1/audit?organizationId=%27%20OR%201%3D1",
      "/api/v1/audit?isAdmin=1",
      "/api/v1/notifications?unread=maybe",
      "/api/v1/notifications?userId=x",
      "/api/v1/identity/suggestions?status=open",
      "/api/v1/identity/suggestions?customerId=x",
      "/api/v1/calendars?timezone=UTC",
      `/api/v1/calendars?q=${"q".repeat(101)}`,
      `/api/v1/calendars/${calendarId}/preview?duration=PT8H`,
      `/api/v1/calendars/${calendarId}/preview?from=2026-06-01T09:00:00Z`,
      `/api/v1/calendars/${calendarId}/preview?from=tomorrow&duration=PT8H`,
      `/api/v1/calendars/${calendarId}/preview?from=2026-06-01T09:00:00&duration=PT8H`,
      `/api/v1/calendars/${calendarId}/preview?from=2026-06-01T09:00:00Z&duration=8h`,
      `/api/v1/calendars/${calendarId}/preview?from=2026-06-01T09:00:00Z&duration=P1M`,
      `/api/v1/calendars/${calendarId}/preview?from=2026-06-01T09:00:00Z&duration=-PT1H`,
    ];
    for (const url of cases) {
      const r = await refused(url, 400, "GET", url);
      expect(r.body.error.code, url).toBe("validation_failed");
    }
  });

  it("an Idempotency-Key that is not visible ASCII is a 400 and creates nothing", async () => {
    for (const key of ["has space", "ключ", "x".repeat(201)]) {
      await refused(`key ${key.slice(0, 20)}`, 400, "POST", "/api/v1/organizations", {
        payload: JSON.stringify({ name: `Org ${tag}`, kind: "department" }),
        headers: { "idempotency-key": encodeURI(key) === key ? key : Buffer.from(key).toString("latin1") },
      });
    }
  });

  it("a malformed Authorization header is a 401 and writes nothing", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", `Bearer ${"t".repeat(300)}`, "Bearer tdm_forged"]) {
      const r = await refused(`auth ${authorization.slice(0, 20)}`, 401, "POST", "/api/v1/organizations", {
        token: null,
        headers: { authorization },
        payload: JSON.stringify({ name: `Org ${tag}`, kind: "department" }),
      });
      expect(r.body.error.code).toBe("unauthorized");
    }
  });
});

describe("SQL-looking text, emoji and CJK are data, stored and returned exactly", () => {
  it("in names, subjects, bodies, identities and searches", async () => {
    const admin = client(t.app, w.admin.token);
    const name = `${FUNNY} ${tag}`;
    const member = `M-'; DELETE FROM cases; -- ${tag}`;
    const created = await admin.post("/api/v1/customers", { name, identities: [{ kind: "member_id", value: member }, { kind: "external:crm", value: `😀'"\\${tag}` }] });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(name);
    const id = created.body.id;
    const [row] = await t.db.query<{ name: string }>(`SELECT name FROM customers WHERE id = $1`, [id]);
    expect(row!.name).toBe(name);
    expect((await admin.get(`/api/v1/customers/${id}`)).body.name).toBe(name);
    const ext = (await admin.get(`/api/v1/customers?identity=${encodeURIComponent(`external:crm:😀'"\\${tag}`)}`)).body;
    expect(ext.id).toBe(id);
    const byMember = await admin.get(`/api/v1/customers?identity=${encodeURIComponent(`member_id:${member}`)}`);
    expect(byMember.status).toBe(200);
    expect(byMember.body.id).toBe(id);

    const subject = `${SQL} 电视没有信号 📺 ${tag}`;
    const kase = await admin.post("/api/v1/cases", { customerId: id, kind: "complaint", subject, description: `${FUNNY}\nline two\ttabbed`, channel: "web", category: `分类 ' OR ''=' 🏷️` });
    expect(kase.status).toBe(201);
    expect(kase.body.subject).toBe(subject);
    expect(kase.body.description).toBe(`${FUNNY}\nline two\ttabbed`);
    expect(kase.body.category).toBe(`分类 ' OR ''=' 🏷️`);
    const got = await admin.get(`/api/v1/cases/${kase.body.id}`);
    expect(got.body.subject).toBe(subject);

    const note = `${SQL}\n😀 你好 ${tag}`;
    const msg = await admin.post(`/api/v1/cases/${kase.body.id}/messages`, { visibility: "internal", body: note });
    expect(msg.status).toBe(201);
    expect(msg.body.body).toBe(note);
    const events = await admin.get(`/api/v1/cases/${kase.body.id}/events`);
    expect(events.body.items.find((e: { type: string; data: { visibility?: string } }) => e.type === "message.added" && e.data.visibility === "internal")!.data.body).toBe(note);

    const interaction = await admin.post("/api/v1/interactions", { channel: "chat", direction: "inbound", customer: { id }, body: note });
    expect(interaction.status).toBe(201);
    expect(interaction.body.body).toBe(note);

    const org = await admin.post("/api/v1/organizations", { name: `${SQL} 合作伙伴 🤝 ${tag}`, kind: "partner" });
    expect(org.status).toBe(201);
    expect(org.body.name).toBe(`${SQL} 合作伙伴 🤝 ${tag}`);

    // Searching with SQL-looking text finds only what contains it: the text is matched, not run.
    const search = await admin.get(`/api/v1/customers?q=${encodeURIComponent(`' OR 1=1 --`)}`);
    expect(search.status).toBe(200);
    for (const c of search.body.items) expect(c.name).toContain("' OR 1=1 --");
    const wild = await admin.get(`/api/v1/customers?q=${encodeURIComponent("%")}`);
    expect(wild.status).toBe(200);
    for (const c of wild.body.items) expect(c.name).toContain("%");
    const cases = await admin.get(`/api/v1/cases?q=${encodeURIComponent(`${SQL} 电视没有信号`)}`);
    expect(cases.status).toBe(200);
    expect(cases.body.items.map((c: { id: string }) => c.id)).toContain(kase.body.id);
    const wildcases = await admin.get(`/api/v1/cases?q=${encodeURIComponent("_")}&limit=200`);
    for (const c of wildcases.body.items) expect(c.subject).toContain("_");

    // The tables are all still there.
    const [count] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE customer_id = $1`, [id]);
    expect(count!.n).toBe(1);
  });
});

/** A small deterministic PRNG (mulberry32), so that a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fuzzing valid bodies (seeded)", () => {
  const SEED = 20261123;
  const ITERATIONS = 300;

  it(`never answers 5xx and never writes on a 4xx (seed ${SEED}, ${ITERATIONS} requests)`, async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const strings = () => [
      "",
      " ",
      LONG.slice(0, Math.floor(random() * 400)),
      CONTROL,
      SQL,
      FUNNY,
      "\u202Eevil\u202C",
      "\uFEFF",
      "\uD800",
      "null",
      "true",
      "0",
      "-1",
      "NaN",
      randomUUID(),
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "2026-11-23T18:00:00+08:00",
      "9999-12-31T23:59:59Z",
      "1969-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z",
      "+275760-09-13T00:00:00.000Z",
      "2026-02-30T00:00:00Z",
      "phone",
      "email",
      "external:crm",
      "admin",
      "partner_agent",
      "closed",
      "resolved",
      "contribute",
      "public",
      w.maker.id,
      w.agent.id,
      caseId,
      otherCaseId,
      customerId,
      "+86 138 0013 8000",
    ];
    const values = (): unknown[] => [
      ...strings(),
      0,
      -1,
      1.5,
      2 ** 53,
      -(2 ** 63),
      1e308,
      true,
      false,
      null,
      [],
      {},
      [pick(strings())],
      { kind: pick(["phone", "email", "member_id", "national_id", "fax"]), value: pick(strings()) },
      { id: pick([customerId, randomUUID(), "x"]) },
      { identities: [{ kind: pick(["phone", "email", "member_id"]), value: pick(strings()) }] },
      JSON.parse("[".repeat(50) + "]".repeat(50)),
    ];
    const mutate = (body: Record<string, unknown>): Record<string, unknown> => {
      const out = structuredClone(body);
      const n = 1 + Math.floor(random() * 3);
      for (let i = 0; i < n; i++) {
        const keys = Object.keys(out);
        const op = random();
        if (op < 0.25 && keys.length) delete out[pick(keys)];
        else if (op < 0.4) out[pick(["extra", "id", "status", "role", "createdAt", "ownerId", "constructor"])] = pick(values());
        else if (op < 0.5 && keys.length) {
          // Mutate inside a nested value (identities, customer).
          const key = pick(keys);
          const v = out[key];
          if (Array.isArray(v) && v.length && typeof v[0] === "object") (v[0] as Record<string, unknown>)[pick(["kind", "value", "extra"])] = pick(values());
          else if (v && typeof v === "object" && !Array.isArray(v)) (v as Record<string, unknown>)[pick(["id", "identities", "name", "extra"])] = pick(values());
          else out[key] = pick(values());
        } else if (keys.length) out[pick(keys)] = pick(values());
      }
      return out;
    };

    const statuses = new Map<number, number>();
    const fuzzed = routes.filter((r) => !r.notFuzzed);
    for (let i = 0; i < ITERATIONS; i++) {
      const route = pick(fuzzed);
      const body = mutate(route.valid());
      let payload = JSON.stringify(body);
      let contentType = "application/json";
      const r0 = random();
      if (r0 < 0.05) payload = payload.slice(0, Math.floor(random() * payload.length));
      else if (r0 < 0.08) contentType = pick(["text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1", "application/json-patch+json"]);
      const label = `#${i} ${route.method} ${route.name} ${contentType} ${payload.slice(0, 300)}`;
      const before = await snapshot(t.db, tag);
      // Login failures from the fuzzer come from an address of their own, so they rate-limit nobody else.
      const r = await send(route.method, route.url(), { payload, contentType, remoteAddress: `10.99.${i % 250}.${(i * 7) % 250}` });
      statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      expect(r.status, `${label} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
      if (r.status >= 400) {
        expectErrorShape(r, label);
        let diff = changed(before, await snapshot(t.db, tag));
        // A sign-in attempt is counted before its password is checked: the one write a refused login makes.
        if (route.name === "login" && r.status === 401) diff = diff.filter((d) => d !== "throttle_hits");
        expect(diff, `${label} wrote something`).toEqual([]);
      }
    }
    // The fuzzer reached both refusals and successes.
    expect([...statuses.keys()].some((s) => s >= 400)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(ITERATIONS / 3);
    // 300 requests, each between two snapshots of every table: minutes on a loaded machine, not the default 30 s.
  }, 300_000);
});

describe("fuzzing dates (seeded): in a body and in a cursor", () => {
  const SEED = 20261129;
  const ITERATIONS = 150;
  const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

  it(`a time out of range or malformed is a 400 validation_failed that writes nothing; in range it is taken (seed ${SEED}, ${ITERATIONS} × 2 requests)`, async () => {
    const random = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
    const year = () => pick([int(1970, 2026), int(0, 1969), int(2027, 9999), int(10000, 275760), -int(1, 271821), 0, 1969, 1970, 9999]);
    const iso = (): string => {
      const y = year();
      const yearText = y >= 0 && y <= 9999 ? pad(y, 4) : `${y < 0 ? "-" : "+"}${pad(y, 6)}`;
      const date = `${yearText}-${pad(int(0, 13), 2)}-${pad(int(0, 32), 2)}`;
      const time = `${pad(int(0, 25), 2)}:${pad(int(0, 60), 2)}:${pad(int(0, 60), 2)}${random() < 0.3 ? `.${pad(int(0, 999), 3)}` : ""}`;
      const offset = pick(["Z", "+08:00", "-14:00", "+14:00", "", "+25:00"]);
      return `${date}T${time}${offset}`;
    };
    const outcomes = { refused: 0, taken: 0 };
    for (let i = 0; i < ITERATIONS; i++) {
      const when = iso();
      const label = `#${i} occurredAt=${when}`;
      const before = await snapshot(t.db, tag);
      const r = await send("POST", "/api/v1/interactions", { payload: JSON.stringify({ channel: "phone", direction: "inbound", customer: { id: customerId }, body: `Call ${tag}`, occurredAt: when }) });
      expect(r.status, `${label} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
      if (r.status === 201) {
        outcomes.taken++;
        expect(Date.parse(r.body.occurredAt), label).toBe(Date.parse(when));
        expect(Date.parse(when), label).toBeGreaterThanOrEqual(Date.UTC(1970, 0, 1));
      } else {
        outcomes.refused++;
        expect(r.status, `${label} → ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.code, label).toBe("validation_failed");
        expect(r.body.error.message, label).toMatch(/occurredAt/);
        expect(changed(before, await snapshot(t.db, tag)), `${label} wrote something`).toEqual([]);
      }

      // The same instant in a cursor, as the server would have written it (toISOString), when it is one.
      const ms = Date.parse(when);
      const cursorTime = Number.isNaN(ms) || Math.abs(ms) > 8.64e15 ? when : new Date(ms).toISOString();
      const list = pick([`/api/v1/customers/${customerId}/timeline`, `/api/v1/cases/${caseId}/events`, "/api/v1/cases", "/api/v1/cases?sort=created_asc"]);
      const cursor = encodeCursor([cursorTime, "00000000-0000-4000-8000-000000000000"]);
      const page = await send("GET", `${list}${list.includes("?") ? "&" : "?"}cursor=${cursor}`);
      expect(page.status, `${list} cursor time ${cursorTime} → ${JSON.stringify(page.body)}`).toBeLessThan(500);
      const inRange = !Number.isNaN(ms) && ms >= Date.UTC(1970, 0, 1) && ms < Date.UTC(10000, 0, 1);
      expect(page.status, `${list} cursor time ${cursorTime}`).toBe(inRange ? 200 : 400);
    }
    expect(outcomes.refused).toBeGreaterThan(ITERATIONS / 3);
    expect(outcomes.taken).toBeGreaterThan(0);
  });
});
