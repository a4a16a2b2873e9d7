/**
 * One customer per person (issue 13): profile fields with their source, importing other systems'
 * exports, identity resolution with review, merge and unmerge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type TestApp, type World } from "./helper.js";
import { importSettled } from "../src/modules/customers/index.js";

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
});
afterAll(() => t.close());

describe("profile fields", () => {
  it("stores given and family name, birth date and address with the source each came from", async () => {
    const agent = client(t.app, w.agent.token);
    const created = await agent.post("/api/v1/customers", {
      name: "王芳 Wang Fang",
      givenName: "芳",
      familyName: "王",
      birthDate: "1985-04-12",
      address: { line1: "朝阳门内大街 1 号", locality: "北京", postcode: "100010", country: "CN" },
      identities: [{ kind: "phone", value: randomMobile() }],
    });
    expect(created.status).toBe(201);
    expect(created.body.profile).toMatchObject({
      givenName: "芳",
      familyName: "王",
      birthDate: "1985-04-12",
      address: { line1: "朝阳门内大街 1 号", line2: null, locality: "北京", region: null, postcode: "100010", country: "CN" },
    });
    expect(created.body.profile.sources.birthDate).toEqual({ source: "api", at: expect.any(String) });
    expect(created.body.mergedFrom).toEqual([]);
    const read = await agent.get(`/api/v1/customers/${created.body.id}`);
    expect(read.body.profile).toEqual(created.body.profile);
  });

  it("a partner sees the names of a shared case's customer, not their birth date or address", async () => {
    const admin = client(t.app, w.admin.token);
    const c = await admin.post("/api/v1/customers", { name: `Li Na ${uniq()}`, givenName: "Na", familyName: "Li", birthDate: "1970-01-02", address: { postcode: "200001" } });
    const kase = await admin.post("/api/v1/cases", { customerId: c.body.id, kind: "request", subject: "Repair", channel: "phone" });
    expect((await admin.post(`/api/v1/cases/${kase.body.id}/parties`, { organizationId: w.maker.id, access: "view" })).status).toBeLessThan(300);
    const seen = await client(t.app, w.partner.token).get(`/api/v1/customers/${c.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.profile).toEqual({ givenName: "Na", familyName: "Li", birthDate: null, address: { line1: null, line2: null, locality: null, region: null, postcode: null, country: null }, sources: {} });
  });

  it("refuses a date that does not exist", async () => {
    const agent = client(t.app, w.agent.token);
    const r = await agent.post("/api/v1/customers", { name: `Nobody ${uniq()}`, birthDate: "1985-02-30" });
    expect(r.status).toBe(400);
  });
});

async function importCsv(token: string, query: Record<string, string>, csv: string | Buffer) {
  const res = await t.app.inject({
    method: "POST",
    url: `/api/v1/imports?${new URLSearchParams(query).toString()}`,
    headers: { authorization: `Bearer ${token}`, "content-type": "text/csv; charset=utf-8" },
    payload: csv,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

describe("imports over the API", () => {
  it("answers at once with the import's id; GET shows progress, counts and errors with line numbers", async () => {
    const source = `api${uniq()}`.slice(0, 20);
    const csv = `id,given,family,tel\nA1,Hannah,Okafor,13912340001\nA2,,,13912340002\nA3,Tomás,Reyes,not a phone\nA4,Hannah,Okafor,13912340001\n`;
    const created = await importCsv(w.admin.token, { source, key: "id", mapping: JSON.stringify({ givenName: "given", familyName: "family", "identity.phone": "tel" }) }, csv);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), source, dryRun: false, bytesTotal: Buffer.byteLength(csv) });
    await importSettled(created.body.id);
    const done = await client(t.app, w.admin.token).get(`/api/v1/imports/${created.body.id}`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: "done",
      rows: 4,
      lineReached: 5,
      progress: 1,
      counts: { created: 1, linked: 1, suggested: 0, unchanged: 0, errors: 2 },
      errors: [
        { line: 3, reason: "the name is empty" },
        { line: 4, reason: expect.stringContaining("not a valid phone number") },
      ],
      finishedAt: expect.any(String),
    });
  });

  it("an import whose server stopped is marked interrupted with the line it reached; importing the file again finishes it", async () => {
    const source = `stop${uniq()}`.slice(0, 20);
    const mapping = JSON.stringify({ givenName: "given", familyName: "family", "identity.phone": "tel" });
    const csv = `id,given,family,tel\nS1,Ada,Quist,13912340101\nS2,Bo,Rask,13912340102\nS3,Cy,Stone,13912340103\n`;
    // What a server killed after the first two rows leaves behind: their customers, and a running import with an old heartbeat.
    const first = await importCsv(w.admin.token, { source, key: "id", mapping }, csv.split("\n").slice(0, 3).join("\n") + "\n");
    await importSettled(first.body.id);
    const stale = new Date(Date.now() - 10 * 60_000);
    await t.db.query(`UPDATE imports SET status = 'running', finished_at = NULL, heartbeat_at = $2, line_reached = 3, bytes_total = 200 WHERE id = $1`, [first.body.id, stale]);
    const admin = client(t.app, w.admin.token);
    const seen = await admin.get(`/api/v1/imports/${first.body.id}`);
    expect(seen.body).toMatchObject({ status: "interrupted", lineReached: 3, finishedAt: expect.any(String) });
    expect(seen.body.failure).toContain("stopped at line 3");
    expect(seen.body.failure).toContain("Import the file again");
    expect(seen.body.progress).toBeLessThan(1);
    // Resuming is importing the whole file again: the rows already in are unchanged, the rest imported.
    const again = await importCsv(w.admin.token, { source, key: "id", mapping }, csv);
    await importSettled(again.body.id);
    const done = await admin.get(`/api/v1/imports/${again.body.id}`);
    expect(done.body).toMatchObject({ status: "done", lineReached: 4, counts: { created: 1, linked: 0, suggested: 0, unchanged: 2, errors: 0 } });
    // An import running in this process, or with a fresh heartbeat, is left running.
    await t.db.query(`UPDATE imports SET status = 'running', finished_at = NULL, heartbeat_at = now() WHERE id = $1`, [first.body.id]);
    expect((await admin.get(`/api/v1/imports/${first.body.id}`)).body.status).toBe("running");
  });

  it("refuses a bad mapping, an unknown source name, a body that is not CSV, an empty file and a file over the limit, writing nothing", async () => {
    const mapping = JSON.stringify({ name: "n" });
    const before = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM imports");
    expect((await importCsv(w.admin.token, { source: "ok", key: "id", mapping: "{not json" }, "id,n\n1,a\n")).status).toBe(400);
    expect((await importCsv(w.admin.token, { source: "ok", key: "id", mapping: JSON.stringify({ nickname: "n" }) }, "id,n\n1,a\n")).body.error.message).toMatch(/Unknown field/);
    expect((await importCsv(w.admin.token, { source: "Bad Source", key: "id", mapping }, "id,n\n1,a\n")).status).toBe(400);
    expect((await importCsv(w.admin.token, { source: "ok", key: "id", mapping }, "")).status).toBe(400);
    const json = await client(t.app, w.admin.token).post(`/api/v1/imports?source=ok&key=id&mapping=${encodeURIComponent(mapping)}`, { rows: [] });
    expect(json.status).toBe(415);
    const small = await createTestApp({ env: { TANDEM_IMPORT_MAX_MB: "1" } });
    try {
      const world = await createWorld(small.db);
      const res = await small.app.inject({
        method: "POST",
        url: `/api/v1/imports?source=big&key=id&mapping=${encodeURIComponent(mapping)}`,
        headers: { authorization: `Bearer ${world.admin.token}`, "content-type": "text/csv" },
        payload: Buffer.alloc(1024 * 1024 + 10, 97),
      });
      expect(res.statusCode).toBe(413);
      expect(JSON.parse(res.body).error.code).toBe("payload_too_large");
    } finally {
      await small.close();
    }
    expect(await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM imports")).toEqual(before);
  });

  it("only admins import; supervisors, agents and partners may not", async () => {
    for (const who of [w.supervisor, w.agent, w.partner]) {
      const r = await importCsv(who.token, { source: "x", key: "id", mapping: JSON.stringify({ name: "n" }) }, "id,n\n1,a\n");
      expect(r.status).toBe(403);
    }
  });
});

describe("review, merge and unmerge", () => {
  /** Two records of one person that resolution is unsure about: a suggestion. */
  async function probablePair() {
    const admin = client(t.app, w.admin.token);
    const family = `Quist${uniq().slice(-5)}`;
    const first = await admin.post("/api/v1/customers", { name: `Ingrid ${family}`, givenName: "Ingrid", familyName: family, address: { postcode: "5020" }, identities: [{ kind: "member_id", value: `QM${uniq()}` }] });
    const second = await admin.post("/api/v1/customers", { name: `Ingrid ${family}`, givenName: "Ingrid", familyName: family, birthDate: "1971-06-30", address: { postcode: "5021" }, identities: [{ kind: "phone", value: randomMobile() }] });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    return { first: first.body, second: second.body };
  }

  it("a probable match made through the API only queues a suggestion; accepting it merges, unmerge restores both", async () => {
    const { first, second } = await probablePair();
    const sup = client(t.app, w.supervisor.token);
    const queue = await sup.get("/api/v1/identity/suggestions?limit=200");
    expect(queue.status).toBe(200);
    const s = queue.body.items.find((i: { customer: { id: string } }) => i.customer.id === second.id);
    expect(s).toMatchObject({ reason: "probable_match", status: "open", candidate: { id: first.id }, explanation: { fields: expect.any(Array) } });
    expect(s.explanation.fields.find((f: { field: string }) => f.field === "familyName").level).toBe("exact");

    const accepted = await sup.post(`/api/v1/identity/suggestions/${s.id}/accept`, { survivor: "candidate" });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "accepted", mergeId: expect.any(String) });
    expect((await sup.post(`/api/v1/identity/suggestions/${s.id}/reject`, {})).body.error.code).toBe("suggestion_decided");

    // Reads follow the merge: the merged customer's page is the survivor's, with both records' identities and the profile filled in.
    const merged = await sup.get(`/api/v1/customers/${second.id}`);
    expect(merged.body.id).toBe(first.id);
    expect(merged.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(["member_id", "phone"]);
    expect(merged.body.profile.birthDate).toBe("1971-06-30");
    expect(merged.body.mergedFrom).toEqual([{ mergeId: accepted.body.mergeId, customerId: second.id, name: second.name, at: expect.any(String) }]);
    const phone = second.identities[0].value;
    expect((await sup.get(`/api/v1/customers?identity=phone:${encodeURIComponent(phone)}`)).body.id).toBe(first.id);
    const timeline = await sup.get(`/api/v1/customers/${first.id}/timeline`);
    expect(timeline.body.items[0]).toMatchObject({ type: "merge", merge: { action: "merged", survivorId: first.id, mergedId: second.id } });

    const undone = await sup.post(`/api/v1/merges/${accepted.body.mergeId}/unmerge`, {});
    expect(undone.status).toBe(200);
    expect(undone.body.unmergedAt).toEqual(expect.any(String));
    const a = await sup.get(`/api/v1/customers/${first.id}`);
    const b = await sup.get(`/api/v1/customers/${second.id}`);
    expect(a.body.identities).toEqual(first.identities);
    expect(b.body.identities).toEqual(second.identities);
    expect(a.body.profile).toEqual(first.profile);
    expect(b.body.profile).toEqual(second.profile);
    expect(a.body.mergedFrom).toEqual([]);
    expect((await sup.post(`/api/v1/merges/${accepted.body.mergeId}/unmerge`, {})).body.error.code).toBe("already_unmerged");
    const audit = await client(t.app, w.admin.token).get(`/api/v1/audit?subjectId=${first.id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(["customer.unmerged", "customer.merged"]);
  });

  it("merge with a chosen survivor: the survivor's timeline and goodwill ledger include the other's contacts, cases and remedies; unmerge gives them back", async () => {
    const agent = client(t.app, w.agent.token);
    const sup = client(t.app, w.supervisor.token);
    const a = (await agent.post("/api/v1/customers", { name: `Keep ${uniq()}`, identities: [{ kind: "phone", value: randomMobile() }] })).body;
    const b = (await agent.post("/api/v1/customers", { name: `Gone ${uniq()}`, identities: [{ kind: "email", value: `gone.${uniq()}@example.com` }] })).body;
    const call = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: b.id }, body: "About my order" });
    const kase = await agent.post("/api/v1/cases", { customerId: a.id, kind: "question", subject: "Order", channel: "phone" });
    expect(kase.status).toBe(201);
    const admin = client(t.app, w.admin.token);
    const at = new Date(Date.now() - 86_400_000).toISOString();
    const credit = await admin.post(`/api/v1/customers/${a.id}/goodwill`, { kind: "refund", value: { amount: "20.00", currency: "CNY" }, reason: "disputed_data_usage", fault: "unknown", at, source: "legacy-crm" });
    expect(credit.status).toBe(201);
    const ledgerIds = async (id: string) => (await sup.get(`/api/v1/customers/${id}/goodwill`)).body.items.map((r: { id: string }) => r.id);

    // The survivor is the other customer: b's record is the one that stays.
    const merge = await sup.post(`/api/v1/customers/${a.id}/merge`, { otherId: b.id, survivor: b.id, reason: "same person, two phones" });
    expect(merge.status).toBe(200);
    expect(merge.body).toMatchObject({ survivorId: b.id, mergedId: a.id, reason: "same person, two phones" });
    const story = await sup.get(`/api/v1/customers/${b.id}/timeline`);
    expect(story.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([call.body.id, kase.body.id]));
    // The modules re-pointed their rows: the merged customer's case and remedy are the survivor's.
    expect(await ledgerIds(b.id)).toEqual([credit.body.id]);
    expect((await sup.get(`/api/v1/cases/${kase.body.id}`)).body.customerId).toBe(b.id);
    expect((await sup.post(`/api/v1/customers/${a.id}/merge`, { otherId: b.id, survivor: b.id })).body.error.code).toBe("already_merged");

    await sup.post(`/api/v1/merges/${merge.body.id}/unmerge`, {});
    const aStory = await sup.get(`/api/v1/customers/${a.id}/timeline`);
    expect(aStory.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([kase.body.id]));
    expect(aStory.body.items.map((e: { id: string }) => e.id)).not.toContain(call.body.id);
    const bStory = await sup.get(`/api/v1/customers/${b.id}/timeline`);
    expect(bStory.body.items.map((e: { id: string }) => e.id)).toEqual(expect.arrayContaining([call.body.id]));
    expect(bStory.body.items.map((e: { id: string }) => e.id)).not.toContain(kase.body.id);
    // Unmerge gave back exactly what the hooks moved.
    expect(await ledgerIds(a.id)).toEqual([credit.body.id]);
    expect(await ledgerIds(b.id)).toEqual([]);
    expect((await sup.get(`/api/v1/cases/${kase.body.id}`)).body.customerId).toBe(a.id);
  });

  it("refuses a merge with itself, a survivor that is neither, and what is not found", async () => {
    const sup = client(t.app, w.supervisor.token);
    const a = (await sup.post("/api/v1/customers", { name: `Solo ${uniq()}` })).body;
    const b = (await sup.post("/api/v1/customers", { name: `Other ${uniq()}` })).body;
    expect((await sup.post(`/api/v1/customers/${a.id}/merge`, { otherId: a.id, survivor: a.id })).body.error.code).toBe("self_merge");
    expect((await sup.post(`/api/v1/customers/${a.id}/merge`, { otherId: b.id, survivor: w.agent.id })).status).toBe(400);
    expect((await sup.post(`/api/v1/customers/${w.agent.id}/merge`, { otherId: b.id, survivor: b.id })).status).toBe(404);
    expect((await sup.post(`/api/v1/merges/${w.agent.id}/unmerge`, {})).status).toBe(404);
    expect((await sup.post(`/api/v1/identity/suggestions/${w.agent.id}/accept`, {})).status).toBe(404);
  });

  it("agents and partners neither review nor merge; partners never see the queue", async () => {
    const { first, second } = await probablePair();
    for (const who of [w.agent, w.partner, w.otherPartnerAgent]) {
      const c = client(t.app, who.token);
      expect((await c.get("/api/v1/identity/suggestions")).status).toBe(403);
      expect((await c.post(`/api/v1/customers/${first.id}/merge`, { otherId: second.id, survivor: first.id })).status).toBe(403);
    }
    const queue = await client(t.app, w.admin.token).get("/api/v1/identity/suggestions?limit=200");
    const s = queue.body.items.find((i: { customer: { id: string } }) => i.customer.id === second.id);
    for (const who of [w.agent, w.partner]) expect((await client(t.app, who.token).post(`/api/v1/identity/suggestions/${s.id}/reject`, {})).status).toBe(403);
    const rejected = await client(t.app, w.admin.token).post(`/api/v1/identity/suggestions/${s.id}/reject`, {});
    expect(rejected.body.status).toBe("rejected");
    expect((await client(t.app, w.admin.token).get(`/api/v1/customers/${second.id}`)).body.id).toBe(second.id);
  });
});
