/**
 * The console's user and organisation pickers search the server as one types: `q` on
 * `GET /api/v1/users` (name or e-mail) and `GET /api/v1/organizations` (name), paged by cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizationSchema, pageOf, userSchema } from "@tandem/contracts";
import { client, createTestApp, createWorld, uniq, type TestApp, type World } from "./helper.js";

let t: TestApp;
let w: World;
let tag: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  tag = uniq();
  const admin = client(t.app, w.admin.token);
  for (let i = 0; i < 7; i++) {
    const r = await admin.post("/api/v1/users", { email: `picker${i}.${tag}@test.tandem.local`, name: `Picker ${tag} ${i}`, password: "long enough pw", role: "agent", organizationId: w.hotline.id });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
  for (let i = 0; i < 5; i++) expect((await admin.post("/api/v1/organizations", { name: `Org_${tag} ${i}`, kind: i % 2 ? "partner" : "department" })).status).toBe(201);
});
afterAll(async () => t?.close());

async function all<T>(token: string, url: string, parse: (b: unknown) => { items: T[]; nextCursor: string | null }): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const r = await client(t.app, token).get(`${url}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = parse(r.body);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { items, pages };
}

describe("searching users", () => {
  it("matches any part of the name or the e-mail, case-insensitively, in pages", async () => {
    const byName = await all(w.agent.token, `/api/v1/users?q=${encodeURIComponent(`picker ${tag.toUpperCase()}`)}&limit=3`, (b) => pageOf(userSchema).parse(b));
    expect(byName.pages).toBe(3);
    expect(byName.items.map((u) => u.name)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Picker ${tag} ${i}`));
    const byEmail = await client(t.app, w.agent.token).get(`/api/v1/users?q=${encodeURIComponent(`picker3.${tag}@`)}`);
    expect(byEmail.body.items.map((u: { name: string }) => u.name)).toEqual([`Picker ${tag} 3`]);
  });

  it("treats % and _ as themselves, and can leave out deactivated users", async () => {
    expect((await client(t.app, w.agent.token).get(`/api/v1/users?q=${encodeURIComponent("%")}`)).body.items).toEqual([]);
    const one = (await client(t.app, w.admin.token).get(`/api/v1/users?q=${encodeURIComponent(`picker6.${tag}`)}`)).body.items[0];
    expect((await client(t.app, w.admin.token).patch(`/api/v1/users/${one.id}`, { active: false })).status).toBe(200);
    const active = await client(t.app, w.agent.token).get(`/api/v1/users?q=${encodeURIComponent(`picker ${tag}`)}&active=true`);
    expect(active.body.items).toHaveLength(6);
  });

  it("refuses a search too long or with control characters, and a partner may not list users", async () => {
    expect((await client(t.app, w.agent.token).get(`/api/v1/users?q=${"x".repeat(201)}`)).status).toBe(400);
    expect((await client(t.app, w.agent.token).get(`/api/v1/users?q=a%00b`)).status).toBe(400);
    expect((await client(t.app, w.partner.token).get(`/api/v1/users?q=a`)).status).toBe(403);
  });
});

describe("searching organizations", () => {
  it("matches part of the name, departments before partners, in pages", async () => {
    const found = await all(w.partner.token, `/api/v1/organizations?q=${encodeURIComponent(`org_${tag}`)}&limit=2`, (b) => pageOf(organizationSchema).parse(b));
    expect(found.pages).toBe(3);
    expect(found.items.map((o) => o.name)).toEqual([0, 2, 4, 1, 3].map((i) => `Org_${tag} ${i}`));
    const partners = await client(t.app, w.agent.token).get(`/api/v1/organizations?q=${encodeURIComponent(`org_${tag}`)}&kind=partner`);
    expect(partners.body.items.map((o: { name: string }) => o.name)).toEqual([`Org_${tag} 1`, `Org_${tag} 3`]);
  });

  it("serves up to 200 a page by default, as when the list came whole", async () => {
    const r = await client(t.app, w.agent.token).get(`/api/v1/organizations?q=${encodeURIComponent(`org_${tag}`)}`);
    expect(r.status).toBe(200);
    expect(r.body.nextCursor).toBeNull();
    expect(r.body.items).toHaveLength(5);
    expect((await client(t.app, w.agent.token).get("/api/v1/organizations?cursor=bogus!")).status).toBe(400);
  });
});

describe("one organization by id (the inbox's organisation filter names what came in the address)", () => {
  it("staff read any organisation; a partner only its own, and others are not found to it; anonymous callers are refused", async () => {
    for (const token of [w.admin.token, w.supervisor.token, w.agent.token]) {
      const r = await client(t.app, token).get(`/api/v1/organizations/${w.maker.id}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(organizationSchema.parse(r.body)).toMatchObject({ id: w.maker.id, name: w.maker.name, kind: "partner" });
    }
    const own = await client(t.app, w.partner.token).get(`/api/v1/organizations/${w.maker.id}`);
    expect(own.status).toBe(200);
    expect(own.body.name).toBe(w.maker.name);
    for (const other of [w.hotline.id, w.otherPartner.id]) {
      const r = await client(t.app, w.partner.token).get(`/api/v1/organizations/${other}`);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    expect((await client(t.app).get(`/api/v1/organizations/${w.maker.id}`)).status).toBe(401);
  });

  it("answers 404 for an unknown id and 400 for what is not an id", async () => {
    const unknown = await client(t.app, w.agent.token).get("/api/v1/organizations/00000000-0000-7000-8000-000000000000");
    expect(unknown.status).toBe(404);
    const bad = await client(t.app, w.agent.token).get("/api/v1/organizations/not-an-id");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("validation_failed");
  });
});
