/**
 * The `abilities` a case carries and what the server allows are one policy: for every role and
 * kind of share, in every state, each action is tried through the API, and it succeeds exactly
 * when the case listed it among the caller's abilities. Refusals are 403 (may not), 404 (may not
 * see) or 409 (the case's state refuses it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CASE_ABILITIES, USER_ABILITIES, type CaseAbility, type CaseStatus, type UserAbility } from "@tandem/contracts";
import { client, createTestApp, createWorld, randomMobile, type Client, type Persona, type TestApp, type World } from "./helper.js";

let t: TestApp;
let w: World;
let agent: Client;

beforeAll(async () => {
  t = await createTestApp();
  w = await createWorld(t.db);
  agent = client(t.app, w.agent.token);
});
afterAll(() => t.close());

type Setup = "none" | "contribute" | "view" | "owner";
const PERSONAS: { name: string; persona: (w: World) => Persona; setup: Setup }[] = [
  { name: "admin", persona: (x) => x.admin, setup: "none" },
  { name: "supervisor", persona: (x) => x.supervisor, setup: "none" },
  { name: "agent of another department", persona: (x) => x.billingAgent, setup: "none" },
  { name: "partner sharing with contribute", persona: (x) => x.partner, setup: "contribute" },
  { name: "partner sharing with view", persona: (x) => x.partner, setup: "view" },
  { name: "partner owning the case", persona: (x) => x.partner, setup: "owner" },
  { name: "partner it is not shared with", persona: (x) => x.otherPartnerAgent, setup: "contribute" },
];
const STATES: CaseStatus[] = ["open", "waiting_on_customer", "waiting_on_party", "resolved", "closed"];

async function caseIn(state: CaseStatus, setup: Setup): Promise<{ id: string; customerId: string }> {
  const customer = (await agent.post("/api/v1/customers", { name: "Matrix", identities: [{ kind: "phone", value: randomMobile() }] })).body;
  const kase = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "incident", subject: "Matrix", channel: "phone", ...(setup === "owner" ? { organizationId: w.maker.id } : {}) })).body;
  if (setup === "contribute" || setup === "view") expect((await agent.post(`/api/v1/cases/${kase.id}/parties`, { organizationId: w.maker.id, access: setup })).status).toBe(200);
  if (state === "waiting_on_customer" || state === "waiting_on_party") expect((await agent.post(`/api/v1/cases/${kase.id}/status`, { status: state })).status).toBe(200);
  if (state === "resolved" || state === "closed") expect((await agent.post(`/api/v1/cases/${kase.id}/resolve`, { resolution: "done" })).status).toBe(200);
  if (state === "closed") expect((await agent.post(`/api/v1/cases/${kase.id}/status`, { status: "closed" })).status).toBe(200);
  return { id: kase.id, customerId: customer.id };
}

/**
 * One request per ability; `state` picks a status change the lifecycle allows from there. A link
 * goes to a second case the caller has the same share of (open), so only the case under test decides.
 */
async function attempt(as: Client, kase: { id: string; customerId: string }, state: CaseStatus, action: CaseAbility, setup: Setup) {
  const url = `/api/v1/cases/${kase.id}`;
  switch (action) {
    case "case.read":
      return as.get(url);
    case "case.message":
      return as.post(`${url}/messages`, { visibility: "internal", body: "note" });
    case "case.assign":
      // A user of the owning organisation: another organisation's needs a handoff (409 handoff_required).
      return as.post(`${url}/assign`, { userId: setup === "owner" ? w.partner.id : w.supervisor.id });
    case "case.resolve":
      return as.post(`${url}/resolve`, { resolution: "fixed" });
    case "case.reopen":
      return as.post(`${url}/reopen`, { reason: "not fixed" });
    case "case.set_status":
      return as.post(`${url}/status`, { status: state === "open" ? "waiting_on_customer" : state === "resolved" ? "closed" : "open" });
    case "case.share":
      return as.post(`${url}/parties`, { organizationId: w.billing.id, access: "view" });
    case "case.update":
      return as.patch(url, { subject: "Matrix, renamed" });
    case "case.create_customer_link":
      return as.post(`${url}/customer-link`);
    case "case.record_contact":
      return as.post("/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: kase.customerId }, caseId: kase.id, body: "called back" });
    case "case.link":
      return as.post(`${url}/links`, { caseId: (await caseIn("open", setup === "view" ? "contribute" : setup)).id, kind: "related" });
    case "case.handoff":
      return as.post(`${url}/handoff`, { organizationId: w.billing.id, note: "Billing takes it from here" });
  }
}

describe("abilities agree with the server's answers", () => {
  for (const p of PERSONAS) {
    it(`${p.name}: in every state, an action succeeds exactly when it is listed`, async () => {
      const as = client(t.app, p.persona(w).token);
      const seen: string[] = [];
      for (const state of STATES) {
        for (const action of CASE_ABILITIES) {
          const kase = await caseIn(state, p.setup);
          const read = await as.get(`/api/v1/cases/${kase.id}`);
          const abilities: string[] = read.status === 200 ? read.body.abilities : [];
          if (read.status !== 200) expect(read.status, `${state} read`).toBe(404);
          const r = await attempt(as, kase, state, action, p.setup);
          const label = `${p.name} · ${state} · ${action} → ${r.status} ${JSON.stringify(r.body?.error ?? "")}`;
          if (abilities.includes(action)) expect(r.status, label).toBeLessThan(300);
          // An invisible case named in a body (recording a contact) is an unknown reference: 400.
          else expect([403, 404, 409, ...(action === "case.record_contact" && read.status === 404 ? [400] : [])], label).toContain(r.status);
          if (abilities.includes(action)) seen.push(`${state}:${action}`);
        }
      }
      // The matrix is not empty by accident: what each persona may do somewhere.
      expect(seen.length > 0).toBe(p.name !== "partner it is not shared with");
      if (p.name === "partner sharing with view") expect(seen.every((s) => s.endsWith("case.read"))).toBe(true);
    });
  }

  it("staff may do everything the state allows; a partner never assigns, shares, reopens or links", async () => {
    const open = await caseIn("open", "contribute");
    expect((await agent.get(`/api/v1/cases/${open.id}`)).body.abilities).toEqual([...CASE_ABILITIES].filter((a) => a !== "case.reopen"));
    expect((await client(t.app, w.partner.token).get(`/api/v1/cases/${open.id}`)).body.abilities).toEqual(["case.read", "case.message", "case.resolve", "case.set_status", "case.update", "case.record_contact", "case.link"]);
    const closed = await caseIn("closed", "none");
    expect((await agent.get(`/api/v1/cases/${closed.id}`)).body.abilities).toEqual(["case.read", "case.create_customer_link", "case.record_contact", "case.link"]);
  });

  it("the customer's page carries the customer's abilities, and they agree too", async () => {
    for (const state of STATES) {
      for (const action of ["case.message", "case.resolve"] as const) {
        const kase = await caseIn(state, "none");
        const token = (await agent.post(`/api/v1/cases/${kase.id}/customer-link`)).body.token as string;
        const customer = client(t.app, token);
        const view = await customer.get("/api/v1/portal/case");
        expect(view.status).toBe(200);
        expect(view.body.abilities).toContain("case.read");
        const r = action === "case.message" ? await customer.post("/api/v1/portal/case/messages", { body: "hello" }) : await customer.post("/api/v1/portal/case/resolve");
        const label = `customer · ${state} · ${action} → ${r.status}`;
        if (view.body.abilities.includes(action)) expect(r.status, label).toBeLessThan(300);
        else expect(r.status, label).toBe(409);
      }
    }
  });
});

describe("a user's and a token's abilities agree with the server's answers", () => {
  /** Tries an ability on `target` as `as`; a fresh user each time, so one try does not change the next. */
  async function tryUser(as: Client, ability: UserAbility, target: { id: string; active: boolean }): Promise<number> {
    switch (ability) {
      case "user.update":
        return (await as.patch(`/api/v1/users/${target.id}`, { name: "Renamed" })).status;
      case "user.change_role":
        return (await as.patch(`/api/v1/users/${target.id}`, { role: "supervisor" })).status;
      case "user.set_active":
        return (await as.patch(`/api/v1/users/${target.id}`, { active: !target.active })).status;
    }
  }

  const freshAgent = async () => (await client(t.app, w.admin.token).post("/api/v1/users", { email: `ab.${randomMobile()}@test.tandem.local`, name: "Ability", password: "long enough pw", role: "agent", organizationId: w.hotline.id })).body as { id: string; organizationId: string; abilities: UserAbility[] };

  it("as admin, as a supervisor, and as oneself: an action succeeds exactly when listed", async () => {
    const cases: { name: string; as: Persona; target: () => Promise<{ id: string; organizationId: string; active?: boolean }> }[] = [
      { name: "admin on an active agent", as: w.admin, target: freshAgent },
      {
        name: "admin on a deactivated agent",
        as: w.admin,
        target: async () => {
          const u = await freshAgent();
          expect((await client(t.app, w.admin.token).patch(`/api/v1/users/${u.id}`, { active: false })).status).toBe(200);
          return u;
        },
      },
      { name: "admin on themself", as: w.admin, target: async () => ({ id: w.admin.id, organizationId: w.admin.organizationId }) },
      { name: "supervisor on an agent", as: w.supervisor, target: freshAgent },
    ];
    for (const c of cases) {
      for (const ability of USER_ABILITIES) {
        const target = await c.target();
        const seen = (await client(t.app, c.as.token).get(`/api/v1/users/${target.id}`)).body as { active: boolean; abilities: UserAbility[] };
        const shown = seen.abilities;
        const status = await tryUser(client(t.app, c.as.token), ability, { id: target.id, active: seen.active });
        expect(status < 300, `${c.name}: ${ability} → ${status}, listed ${shown.join(", ")}`).toBe(shown.includes(ability));
      }
    }
  });

  it("a token lists token.revoke until it is revoked, and revoking agrees", async () => {
    const me = client(t.app, w.agent.token);
    const made = (await me.post("/api/v1/tokens", { name: "ability" })).body;
    expect(made.abilities).toEqual(["token.revoke"]);
    const revoked = await me.post(`/api/v1/tokens/${made.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.abilities).toEqual([]);
    const listed = (await me.get("/api/v1/tokens")).body.items.find((x: { id: string }) => x.id === made.id);
    expect(listed.abilities).toEqual([]);
  });
});

describe("a recorded contact's abilities agree with the server's answers", () => {
  it("interaction.attach is listed while the contact is on no case, and attaching succeeds exactly then", async () => {
    const customer = (await agent.post("/api/v1/customers", { name: "Contact matrix", identities: [{ kind: "phone", value: randomMobile() }] })).body;
    const first = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "First", channel: "phone" })).body;
    const second = (await agent.post("/api/v1/cases", { customerId: customer.id, kind: "question", subject: "Second", channel: "phone" })).body;
    const call = await agent.post("/api/v1/interactions", { channel: "phone", direction: "inbound", customer: { id: customer.id }, body: "Called about the bill" });
    expect(call.status).toBe(201);
    expect(call.body.abilities).toEqual(["interaction.attach"]);
    const onTimeline = async (as: Client) => ((await as.get(`/api/v1/customers/${customer.id}/timeline`)).body.items as { type: string; id: string; interaction?: { abilities: string[] } }[]).find((e) => e.type === "interaction" && e.id === call.body.id)!.interaction!.abilities;
    for (const as of [agent, client(t.app, w.admin.token), client(t.app, w.supervisor.token)]) expect(await onTimeline(as)).toEqual(["interaction.attach"]);

    const attached = await agent.post(`/api/v1/interactions/${call.body.id}/attach`, { caseId: first.id });
    expect(attached.status).toBe(200);
    expect(attached.body.interaction.abilities).toEqual([]);
    expect(await onTimeline(agent)).toEqual([]);
    // Not listed any more, and refused: a contact is attached once.
    const again = await agent.post(`/api/v1/interactions/${call.body.id}/attach`, { caseId: second.id });
    expect([again.status, again.body.error.code]).toEqual([409, "already_attached"]);

    // A partner desk records contacts on a shared case only, so its contacts are never unattached.
    expect((await agent.post(`/api/v1/cases/${first.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    const partnerCall = await client(t.app, w.partner.token).post("/api/v1/interactions", { channel: "phone", direction: "outbound", customer: { id: customer.id }, caseId: first.id, body: "Visit booked" });
    expect(partnerCall.status).toBe(201);
    expect(partnerCall.body.abilities).toEqual([]);
    expect((await agent.post(`/api/v1/cases/${second.id}/parties`, { organizationId: w.maker.id, access: "contribute" })).status).toBe(200);
    const partnerAgain = await client(t.app, w.partner.token).post(`/api/v1/interactions/${partnerCall.body.id}/attach`, { caseId: second.id });
    expect([partnerAgain.status, partnerAgain.body.error.code]).toEqual([409, "already_attached"]);
  });
});
