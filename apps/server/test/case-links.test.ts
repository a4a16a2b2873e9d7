/**
 * Links between cases, as stories through the API: an agent links a follow-up, a duplicate, a
 * parent; each case shows the link from its own side and records it on its timeline; a second link
 * between the same two cases or a link to itself is refused and writes nothing; a partner links
 * only cases it may see and write on, and never learns the number of a case it may not see.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, type Client, type TestApp, type World } from "./helper.js";
import { changed, snapshot, worldTag } from "./writes.js";

let t: TestApp;
let w: World;
let agent: Client;
let partner: Client;
let tag: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
  partner = client(t.app, w.partner.token);
  tag = worldTag(w.admin.email);
});
afterAll(() => t.close());

async function newCase(share?: "view" | "contribute") {
  const customer = (await agent.post("/api/v1/customers", { name: `Linked ${tag}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
  const kase = await agent.post("/api/v1/cases", { customerId: customer.id, kind: "incident", subject: `No signal ${tag}`, channel: "phone" });
  expect(kase.status).toBe(201);
  if (share) expect((await agent.post(`/api/v1/cases/${kase.body.id}/parties`, { organizationId: w.maker.id, access: share })).status).toBe(200);
  return kase.body as { id: string; number: string };
}

const events = async (as: Client, caseId: string) => (await as.get(`/api/v1/cases/${caseId}/events?limit=200`)).body.items as { type: string; data: Record<string, unknown> }[];

/** A request that must be refused with `status` and `code`, writing nothing. */
async function refused(request: () => Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = await snapshot(t.db, tag);
  const r = await request();
  expect([r.status, r.body?.error?.code], JSON.stringify(r.body)).toEqual([status, code]);
  expect(changed(before, await snapshot(t.db, tag))).toEqual([]);
}

describe("linking cases", () => {
  it("a link shows on both cases, each from its own side, and on both timelines", async () => {
    const first = await newCase();
    const followUp = await newCase();
    const made = await agent.post(`/api/v1/cases/${followUp.id}/links`, { caseId: first.id, kind: "follow_up_of" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toEqual({ id: expect.any(String), kind: "follow_up_of", caseId: first.id, number: first.number, subject: `No signal ${tag}`, status: "open", createdAt: expect.any(String) });

    expect((await agent.get(`/api/v1/cases/${followUp.id}`)).body.links).toEqual([made.body]);
    expect((await agent.get(`/api/v1/cases/${first.id}`)).body.links).toEqual([{ ...made.body, kind: "followed_up_by", caseId: followUp.id, number: followUp.number }]);
    expect((await agent.get(`/api/v1/cases/${first.id}/links`)).body.items.map((l: { kind: string }) => l.kind)).toEqual(["followed_up_by"]);
    expect((await events(agent, followUp.id)).at(-1)).toMatchObject({ type: "case.linked", data: { linkId: made.body.id, kind: "follow_up_of", caseId: first.id } });
    expect((await events(agent, first.id)).at(-1)).toMatchObject({ type: "case.linked", data: { linkId: made.body.id, kind: "followed_up_by", caseId: followUp.id } });
    // In lists too.
    const listed = (await agent.get(`/api/v1/cases?q=${first.number}`)).body.items[0];
    expect(listed.links.map((l: { caseId: string }) => l.caseId)).toEqual([followUp.id]);
  });

  it("a link said from the other side is the same link: a parent seen from its child", async () => {
    const parent = await newCase();
    const child = await newCase();
    const made = await agent.post(`/api/v1/cases/${child.id}/links`, { caseId: parent.id, kind: "child_of" });
    expect(made.status).toBe(201);
    expect(made.body.kind).toBe("child_of");
    expect((await agent.get(`/api/v1/cases/${parent.id}`)).body.links).toEqual([expect.objectContaining({ kind: "parent_of", caseId: child.id })]);
  });

  it("a second link between the same two cases, either way round, and a link to itself are 409 and write nothing", async () => {
    const a = await newCase();
    const b = await newCase();
    const made = await agent.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id, kind: "duplicate_of" });
    expect(made.status).toBe(201);
    await refused(() => agent.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id, kind: "duplicate_of" }), 409, "already_linked");
    await refused(() => agent.post(`/api/v1/cases/${b.id}/links`, { caseId: a.id, kind: "related" }), 409, "already_linked");
    const again = await agent.post(`/api/v1/cases/${b.id}/links`, { caseId: a.id, kind: "related" });
    expect(again.body.error.details).toEqual([{ linkId: made.body.id, kind: "duplicated_by" }]);
    await refused(() => agent.post(`/api/v1/cases/${a.id}/links`, { caseId: a.id, kind: "related" }), 409, "self_link");
    await refused(() => agent.post(`/api/v1/cases/${a.id}/links`, { caseId: randomUUID(), kind: "related" }), 404, "not_found");
    await refused(() => agent.post(`/api/v1/cases/${randomUUID()}/links`, { caseId: a.id, kind: "related" }), 404, "not_found");
  });

  it("removing a link, from either case, removes it from both and says so on both timelines", async () => {
    const a = await newCase();
    const b = await newCase();
    const made = (await agent.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id, kind: "related" })).body;
    const unrelated = await newCase();
    await refused(() => agent.raw("DELETE", `/api/v1/cases/${unrelated.id}/links/${made.id}`), 404, "not_found");
    const removed = await agent.raw("DELETE", `/api/v1/cases/${b.id}/links/${made.id}`);
    expect(removed.status).toBe(204);
    expect((await agent.get(`/api/v1/cases/${a.id}`)).body.links).toEqual([]);
    expect((await agent.get(`/api/v1/cases/${b.id}`)).body.links).toEqual([]);
    expect((await events(agent, a.id)).at(-1)).toMatchObject({ type: "case.unlinked", data: { linkId: made.id, kind: "related", caseId: b.id } });
    expect((await events(agent, b.id)).at(-1)).toMatchObject({ type: "case.unlinked", data: { linkId: made.id, caseId: a.id } });
    await refused(() => agent.raw("DELETE", `/api/v1/cases/${b.id}/links/${made.id}`), 404, "not_found");
    // Linked again afterwards: a new link.
    expect((await agent.post(`/api/v1/cases/${a.id}/links`, { caseId: b.id, kind: "parent_of" })).status).toBe(201);
  });
});

describe("links and what a partner may see", () => {
  it("a partner sees only the links to cases shared with it, and never another case's number", async () => {
    const shared = await newCase("contribute");
    const secret = await newCase();
    const alsoShared = await newCase("view");
    expect((await agent.post(`/api/v1/cases/${shared.id}/links`, { caseId: secret.id, kind: "duplicate_of" })).status).toBe(201);
    expect((await agent.post(`/api/v1/cases/${shared.id}/links`, { caseId: alsoShared.id, kind: "related" })).status).toBe(201);

    const seen = await partner.get(`/api/v1/cases/${shared.id}`);
    expect(seen.body.links.map((l: { caseId: string }) => l.caseId)).toEqual([alsoShared.id]);
    expect((await partner.get(`/api/v1/cases/${shared.id}/links`)).body.items).toHaveLength(1);
    const everything = JSON.stringify([seen.body, (await partner.get(`/api/v1/cases/${shared.id}/events?limit=200`)).body, (await partner.get(`/api/v1/cases?limit=200`)).body]);
    expect(everything).not.toContain(secret.number);
    // Staff see both.
    expect((await agent.get(`/api/v1/cases/${shared.id}`)).body.links).toHaveLength(2);
  });

  it("a partner links only cases it may see and write on: 404 for one it may not see, 403 for one it only views", async () => {
    const mine = await newCase("contribute");
    const mineToo = await newCase("contribute");
    const viewOnly = await newCase("view");
    const secret = await newCase();
    await refused(() => partner.post(`/api/v1/cases/${mine.id}/links`, { caseId: secret.id, kind: "related" }), 404, "not_found");
    await refused(() => partner.post(`/api/v1/cases/${secret.id}/links`, { caseId: mine.id, kind: "related" }), 404, "not_found");
    await refused(() => partner.post(`/api/v1/cases/${mine.id}/links`, { caseId: viewOnly.id, kind: "related" }), 403, "forbidden");
    await refused(() => partner.post(`/api/v1/cases/${viewOnly.id}/links`, { caseId: mine.id, kind: "related" }), 403, "forbidden");
    const made = await partner.post(`/api/v1/cases/${mine.id}/links`, { caseId: mineToo.id, kind: "related" });
    expect(made.status).toBe(201);
    expect((await partner.get(`/api/v1/cases/${mine.id}`)).body.abilities).toContain("case.link");
    expect((await partner.get(`/api/v1/cases/${viewOnly.id}`)).body.abilities).not.toContain("case.link");

    // A link to a case it may not see is not the partner's to remove (nor to know of).
    const hidden = (await agent.post(`/api/v1/cases/${mine.id}/links`, { caseId: secret.id, kind: "related" })).body;
    await refused(() => partner.raw("DELETE", `/api/v1/cases/${mine.id}/links/${hidden.id}`), 404, "not_found");
    expect((await partner.raw("DELETE", `/api/v1/cases/${mine.id}/links/${made.body.id}`)).status).toBe(204);
  });
});
