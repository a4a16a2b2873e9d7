import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, randomMobile, uniq, type TestApp, type World } from "./helper.js";

describe("story: one customer across the hotline and web chat", () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await createWorld(t.db);
  });
  afterAll(() => t.close());

  it("a call and a later chat with the member number and the same phone land on one timeline", async () => {
    const agent = client(t.app, w.agent.token);
    const mobile = randomMobile();
    const member = `M-${uniq()}`;

    // 1. The customer phones the hotline; the agent records the call by phone number.
    const call = await agent.post("/api/v1/interactions", {
      channel: "phone",
      direction: "inbound",
      customer: { identities: [{ kind: "phone", value: mobile }], name: "林晓 Lin Xiao" },
      organizationId: w.hotline.id,
      body: "机顶盒无法开机 The set-top box will not start",
    });
    expect(call.status).toBe(201);
    const customerId = call.body.customerId;
    expect(call.body.customerCreated).toBe(true);

    const kase = await agent.post("/api/v1/cases", { customerId, kind: "incident", subject: "机顶盒无法开机", channel: "phone", priority: "high" });
    expect(kase.status).toBe(201);
    expect(kase.body.number).toMatch(/^TD-\d+$/);
    expect(kase.body.status).toBe("open");
    // Whoever takes the call owns the case (first-contact ownership).
    expect(kase.body.owner).toMatchObject({ organizationId: w.hotline.id, userId: w.agent.id });

    // 2. Later the customer writes in web chat with a member number and the same phone, typed differently.
    const spaced = `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
    const chat = await agent.post("/api/v1/interactions", {
      channel: "chat",
      direction: "inbound",
      customer: { identities: [{ kind: "member_id", value: member }, { kind: "phone", value: spaced }] },
      body: "还是不行，什么时候上门？",
    });
    expect(chat.status).toBe(201);
    expect(chat.body.customerId).toBe(customerId);
    expect(chat.body.customerCreated).toBe(false);

    // The member number is now one of the customer's identities, so either key finds them.
    const byMember = await agent.get(`/api/v1/customers?identity=member_id:${encodeURIComponent(member.toLowerCase())}`);
    expect(byMember.status).toBe(200);
    expect(byMember.body.id).toBe(customerId);
    expect(byMember.body.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(["member_id", "phone"]);

    // 3. The agent opens the customer and sees both contacts and the case on one timeline, newest first.
    const timeline = await agent.get(`/api/v1/customers/${customerId}/timeline`);
    expect(timeline.status).toBe(200);
    const types = timeline.body.items.map((e: { type: string; interaction?: { channel: string } }) => (e.type === "interaction" ? `interaction:${e.interaction!.channel}` : e.type));
    expect(types).toContain("interaction:phone");
    expect(types).toContain("interaction:chat");
    expect(types).toContain("case");
    expect(types[0]).toBe("interaction:chat");
    const times = timeline.body.items.map((e: { at: string }) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("pages through a long timeline without losing or repeating an entry", async () => {
    const agent = client(t.app, w.agent.token);
    const created = await agent.post("/api/v1/customers", { name: "Paging", identities: [{ kind: "phone", value: randomMobile() }] });
    const customerId = created.body.id;
    for (let i = 0; i < 25; i++) {
      const r = await agent.post("/api/v1/interactions", { channel: "sms", direction: "outbound", customer: { id: customerId }, body: `message ${i}`, occurredAt: new Date(Date.now() - i * 60_000).toISOString() });
      expect(r.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await agent.get(`/api/v1/customers/${customerId}/timeline?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });
});
