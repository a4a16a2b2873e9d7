/**
 * The published OpenAPI document is the contract partners integrate against. A typical
 * integration is driven through a validating proxy of that document — a real HTTP proxy in
 * front of a real server that checks every request and every answer against
 * `/api/v1/openapi.json` (operation, status, body schema) — and it finds no violation.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { createTestApp, createWorld, randomMobile, type TestApp, type World } from "./helper.js";

interface Operation {
  requestBody?: { content?: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Doc = { paths: Record<string, Record<string, Operation>> };

let t: TestApp;
let w: World;
let proxyUrl: string;
let proxy: http.Server;
const violations: string[] = [];
const exchanges: string[] = [];

/** A validating proxy: forwards to `target`, checks both directions against `doc`. */
function validatingProxy(doc: Doc, target: string): http.Server {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compiled = new Map<object, ValidateFunction>();
  const check = (schema: object, data: unknown, where: string) => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    if (!validate(data)) violations.push(`${where}: ${ajv.errorsText(validate.errors)}`);
  };
  const routes = Object.entries(doc.paths).map(([template, ops]) => ({
    ops,
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  const forward = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = (req.url ?? "/").split("?")[0]!;
    const method = (req.method ?? "GET").toLowerCase();
    const route = routes.find((r) => r.pattern.test(path) && r.ops[method]);
    const label = `${req.method} ${route?.template ?? path}`;
    const op = route?.ops[method];
    if (!op) violations.push(`${label}: no such operation in the document`);
    const requestSchema = op?.requestBody?.content?.["application/json"]?.schema;
    if (op && raw && requestSchema) check(requestSchema, JSON.parse(raw), `${label} request`);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
    const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, ...(raw ? { body: raw } : {}) });
    const text = await answer.text();
    exchanges.push(`${label} → ${answer.status}`);
    if (op) {
      const declared = op.responses[String(answer.status)] ?? op.responses[`${String(answer.status)[0]}XX`];
      const schema = declared?.content?.["application/json"]?.schema;
      if (!schema) violations.push(`${label} → ${answer.status}: the document declares no such answer`);
      else check(schema, JSON.parse(text), `${label} → ${answer.status}`);
    }
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(text);
  };
  // A failure of the proxy itself (an answer that is not JSON, say) is a violation and a 502,
  // not an unhandled rejection and a request left hanging until the test times out.
  return http.createServer((req, res) => {
    forward(req, res).catch((error: unknown) => {
      violations.push(`${req.method} ${req.url}: the proxy failed: ${String(error)}`);
      if (res.headersSent) return void res.end();
      res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "proxy_failed", message: String(error), details: [] } }));
    });
  });
}

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  const target = await t.app.listen({ port: 0, host: "127.0.0.1" });
  const doc = (await (await fetch(`${target}/api/v1/openapi.json`)).json()) as Doc;
  proxy = validatingProxy(doc, target);
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await t.close();
});

async function call(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${proxyUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe("a typical integration through a validating proxy of the published document", () => {
  it("a hotline system and a partner's desk work a case end to end; every exchange matches the document", async () => {
    const hotline = (method: string, path: string, body?: unknown) => call(w.agent.token, method, path, body);
    const phone = randomMobile();
    // The hotline's telephony records a call; the customer is found by phone or created.
    const callIn = await hotline("POST", "/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { identities: [{ kind: "phone", value: phone }], name: "Integration Customer" }, body: "Set-top box shows no signal" });
    expect(callIn.status).toBe(201);
    const found = await hotline("GET", `/api/v1/customers?identity=phone:${phone}`);
    expect(found.body.id).toBe(callIn.body.customerId);
    const kase = await hotline("POST", "/api/v1/cases", { customerId: found.body.id, kind: "incident", subject: "No signal", channel: "phone", priority: "high" });
    expect(kase.status).toBe(201);
    expect((await hotline("POST", `/api/v1/interactions/${callIn.body.id}/attach`, { caseId: kase.body.id })).status).toBe(200);
    expect((await hotline("POST", `/api/v1/cases/${kase.body.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    expect((await hotline("POST", `/api/v1/cases/${kase.body.id}/messages`, { visibility: "public", body: "We are on it." })).status).toBe(201);
    expect((await hotline("PATCH", `/api/v1/cases/${kase.body.id}`, { nextStep: "The maker checks the box" })).status).toBe(200);
    expect((await hotline("GET", `/api/v1/cases?customerId=${found.body.id}`)).body.items).toHaveLength(1);
    expect((await hotline("GET", `/api/v1/customers/${found.body.id}/timeline`)).status).toBe(200);

    // The partner's desk works the shared case through the same API.
    const partner = (method: string, path: string, body?: unknown) => call(w.partner.token, method, path, body);
    expect((await partner("GET", `/api/v1/cases/${kase.body.id}`)).body.abilities).toContain("case.message");
    expect((await partner("POST", "/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: found.body.id }, caseId: kase.body.id, body: "Walked the customer through re-pairing" })).status).toBe(201);
    expect((await partner("POST", `/api/v1/cases/${kase.body.id}/assign`, { userId: w.partner.id })).status).toBe(403);

    // The customer follows the case through a link and closes the loop.
    const link = await hotline("POST", `/api/v1/cases/${kase.body.id}/customer-link`, {});
    expect(link.status).toBe(201);
    const customer = (method: string, path: string, body?: unknown) => call(link.body.token, method, path, body);
    expect((await customer("GET", "/api/v1/portal/case")).body.case.status).toBe("open");
    expect((await customer("POST", "/api/v1/portal/case/messages", { body: "Re-pairing worked!" })).status).toBe(201);
    expect((await customer("POST", "/api/v1/portal/case/resolve", { note: "Solved myself" })).status).toBe(200);
    expect((await customer("POST", "/api/v1/portal/case/resolve", {})).status).toBe(409);

    // Back at the hotline: the events, a refused reopen without reason, a reopen, an unknown case.
    expect((await hotline("GET", `/api/v1/cases/${kase.body.id}/events`)).body.items.length).toBeGreaterThan(5);
    expect((await hotline("POST", `/api/v1/cases/${kase.body.id}/reopen`, {})).status).toBe(400);
    expect((await hotline("POST", `/api/v1/cases/${kase.body.id}/reopen`, { reason: "It failed again" })).status).toBe(200);
    expect((await hotline("GET", "/api/v1/cases/01a00000-0000-7000-8000-000000000000")).status).toBe(404);

    expect(exchanges.length).toBeGreaterThanOrEqual(20);
    // The one request the document refuses is the one sent wrong on purpose; every answer matches.
    expect(violations).toEqual(["POST /api/v1/cases/{id}/reopen request: data must have required property 'reason'"]);
  });

  it("the proxy does catch a violation: an answer the document does not declare", async () => {
    const before = violations.length;
    await call(w.agent.token, "GET", "/api/v1/no-such-route");
    expect(violations.slice(before)).toEqual([expect.stringContaining("no such operation")]);
  });
});
