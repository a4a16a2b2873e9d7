/**
 * One customer per person (issue 13): profile fields with their source, importing other systems'
 * exports, identity resolution with review, merge and unmerge.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type TestApp, type World } from "./helper.js";

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

  it("refuses a date that does not exist", async () => {
    const agent = client(t.app, w.agent.token);
    const r = await agent.post("/api/v1/customers", { name: `Nobody ${uniq()}`, birthDate: "1985-02-30" });
    expect(r.status).toBe(400);
  });
});
