import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caseSchema, errorBodySchema, pageOf, timelineEntrySchema } from "@tandem/contracts";
import { compileSerializer, responseJsonSchema, serializerCompiler } from "./serializer.js";

const at = "2026-11-29T10:00:00.000Z";
const aCase = {
  id: "c1",
  number: "TD-1",
  status: "open",
  kind: "request",
  priority: "normal",
  category: null,
  subject: "No signal 无信号",
  description: "line\nbreak \"quoted\" \u2028",
  channel: "phone",
  nextStep: null,
  customerId: "cu1",
  customerName: "王芳",
  owner: { organizationId: "o1", organizationName: "Hotline", userId: null, userName: null },
  parties: [{ organizationId: "o2", organizationName: "Maker", kind: "partner", access: "view", addedAt: at, assignee: null, abilities: [] }],
  commitments: [],
  milestones: [],
  openTasks: 0,
  handoff: null,
  resolution: null,
  resolvedBy: null,
  resolvedAt: null,
  createdAt: at,
  updatedAt: at,
  links: [{ id: "l1", kind: "follow_up_of", caseId: "c0", number: "TD-0", subject: "Earlier 之前", status: "resolved", createdAt: at }],
  abilities: ["case.read", "case.message"],
};

describe("response serialisation", () => {
  it("writes what JSON.stringify writes for answers that match their schema", () => {
    for (const check of [false, true]) {
      const page = compileSerializer(pageOf(caseSchema), { check });
      const answer = { items: [aCase, { ...aCase, customerName: undefined, owner: { organizationId: "o1", userId: "u1" } }], nextCursor: null };
      expect(JSON.parse(page(answer))).toEqual(JSON.parse(JSON.stringify(answer)));
      const timeline = compileSerializer(pageOf(timelineEntrySchema), { check });
      const entries = {
        items: [
          { type: "case", id: "c1", at, case: { id: "c1", number: "TD-1", subject: "s", status: "open", kind: "request", channel: "phone" } },
          { type: "case_event", id: "e1", at, event: { id: "e1", caseId: "c1", caseNumber: "TD-1", type: "case.updated", actor: { type: "user", id: null, name: null }, data: { changes: [{ field: "subject", before: "a", after: { nested: [1, null] } }] } } },
        ],
        nextCursor: "abc",
      };
      expect(JSON.parse(timeline(entries))).toEqual(entries);
    }
  });

  it("uses the JSON schema the OpenAPI document publishes", () => {
    const json = responseJsonSchema(errorBodySchema);
    expect(json).toMatchObject({ type: "object", required: ["error"], properties: { error: { type: "object" } } });
    expect(responseJsonSchema(z.object({ a: z.string().nullable() }))).toMatchObject({ properties: { a: { type: "string", nullable: true } } });
  });

  it("checked (the tests), refuses an answer its schema does not allow; unchecked, only serialises", () => {
    const schema = z.object({ name: z.string(), at: z.string().nullable() });
    const checked = compileSerializer(schema, { check: true });
    const fast = compileSerializer(schema, { check: false });
    expect(() => checked({ name: 5, at: null })).toThrow(/does not match its response schema/);
    expect(() => checked({ name: "a", at: undefined })).toThrow(/does not match its response schema/);
    // What production would have written instead: fast-json-stringify coerces silently.
    expect(fast({ name: 5, at: null })).toBe('{"name":"5","at":null}');
    // Properties the schema does not name are dropped by both, as zod's parse drops them.
    expect(checked({ name: "a", at: null, secret: "x" })).toBe('{"name":"a","at":null}');
  });

  it("checked, refuses a schema the fast serialiser reads differently from zod", () => {
    // A transform has no JSON schema: the fast serialiser writes the value as given, zod the transformed one.
    const transformed = compileSerializer(z.object({ n: z.number().transform(String) }), { check: true });
    expect(() => transformed({ n: 5 })).toThrow(/the fast serialiser wrote \{"n":5\} where the schema reads \{"n":"5"\}/);
  });

  it("as Fastify's serializer compiler, answers 500 for a route that breaks its contract when checked", async () => {
    for (const check of [true, false]) {
      const app = Fastify();
      app.setSerializerCompiler(serializerCompiler({ check }));
      app.get("/x", { schema: { response: { 200: z.object({ n: z.string() }) } } }, async () => ({ n: 5 }));
      const res = await app.inject({ method: "GET", url: "/x" });
      expect(res.statusCode).toBe(check ? 500 : 200);
      if (!check) expect(res.body).toBe('{"n":"5"}');
      await app.close();
    }
  });
});
