/**
 * The demo workspace: a cable-TV operator (hotline, online desk, billing) and the maker of its
 * set-top boxes as a partner, with customers whose stories cross channels and departments.
 * All names and stories are invented for Tandem.
 */
import type { Db, Queryable } from "../../platform/db.js";
import type { Ctx, Log } from "../../platform/context.js";
import { hashPassword } from "../../platform/passwords.js";
import type { UserActor } from "../../platform/actor.js";
import { insertOrganization } from "../organizations/index.js";
import { countUsers, insertUser, type UserRow } from "../users/index.js";
import { recordInteraction } from "../interactions/index.js";
import { addMessage, addParty, assignCase, changeStatus, countCases, createCase } from "../cases/index.js";
import { createCustomer } from "../customers/index.js";
import { audit } from "../audit/index.js";
import { insertCalendar, validateCalendar } from "../calendars/index.js";
import { insertPolicy } from "../sla/index.js";
import { newId } from "../../platform/ids.js";
import { SYSTEM } from "../../platform/actor.js";
import { withdrawPendingDeliveries } from "../delivery/index.js";

export interface DemoResult {
  logins: { role: string; email: string; password: string }[];
}

export const DEMO_PASSWORD = "tandem-demo-2026";

const asActor = (u: UserRow): UserActor => ({
  type: u.role === "partner_agent" ? "partner" : "user",
  userId: u.id,
  name: u.name,
  role: u.role,
  organizationId: u.organization_id,
  tokenId: "demo",
  viaCookie: false,
});

export async function loadDemo(db: Db, secret: string, now: Date, log: Log): Promise<DemoResult> {
  const hash = await hashPassword(DEMO_PASSWORD);
  return db.transaction((tx) => loadDemoInto(tx, { secret, hash, now, log }));
}

/**
 * Loads the demo in the caller's transaction (`hash` is the demo password's hash); its stories
 * happened in the hours before `now`.
 */
export async function loadDemoInto(tx: Queryable, opts: { secret: string; hash: string; now: Date; log: Log }): Promise<DemoResult> {
  const { secret, hash, log } = opts;
  /** Runs one step of a story as `actor`, `hours` before now. */
  const at = <T>(hours: number, actor: UserActor, fn: (ctx: Ctx<UserActor>) => Promise<T>): Promise<T> =>
    fn({ tx, actor, now: new Date(opts.now.getTime() - hours * 3600_000), log });
  {
    if ((await countCases(tx)) > 0) throw new Error("The database already holds cases; the demo loads only into an empty workspace.");
    const hotline = await insertOrganization(tx, { name: "星河有线 · 客服热线 Hotline", kind: "department" }, opts.now);
    const online = await insertOrganization(tx, { name: "星河有线 · 在线客服 Online desk", kind: "department" }, opts.now);
    const billing = await insertOrganization(tx, { name: "星河有线 · 账务中心 Billing", kind: "department" }, opts.now);
    const maker = await insertOrganization(tx, { name: "鼎新电子 · 售后服务 Dingxin after-sales", kind: "partner" }, opts.now);

    const firstUser = (await countUsers(tx)) === 0;
    const mk = (email: string, name: string, role: UserRow["role"], organizationId: string, locale = "zh-CN") =>
      insertUser(tx, { email, name, role, organizationId, passwordHash: hash, locale });
    const admin = firstUser ? await mk("admin@demo.tandem.local", "管理员 Admin", "admin", hotline.id, "en") : null;
    const lead = await mk("supervisor@demo.tandem.local", "周敏 Zhou Min", "supervisor", hotline.id);
    const li = await mk("agent@demo.tandem.local", "李娜 Li Na", "agent", hotline.id);
    const chen = await mk("chat@demo.tandem.local", "陈浩 Chen Hao", "agent", online.id);
    const wu = await mk("billing@demo.tandem.local", "吴静 Wu Jing", "agent", billing.id, "en");
    const partner = await mk("partner@demo.tandem.local", "赵工 Zhao (Dingxin)", "partner_agent", maker.id);
    const [A, C, W] = [asActor(li), asActor(chen), asActor(wu)];

    const weekdays = (from: string, to: string) => ([1, 2, 3, 4, 5] as const).map((day) => ({ day, from, to }));
    const holidays = ["2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"];
    const hotlineHours = [...weekdays("09:00", "12:00"), ...weekdays("13:30", "18:00"), { day: 6 as const, from: "10:00", to: "16:00" }];
    const calendar = validateCalendar({ name: "Hotline Shanghai", timezone: "Asia/Shanghai", hours: hotlineHours, holidays, workingDays: ["2026-09-27", "2026-10-10"] });
    if (!calendar.ok) throw new Error(`The demo calendar is invalid: ${calendar.problems.map((p) => p.message).join(" ")}`);
    const hotlineCalendar = await insertCalendar(tx, newId(opts.now.getTime()), calendar.value, opts.now);
    // Deadlines a newcomer sees on the demo cases: urgent cases around the clock, complaints in the
    // hotline's business hours (days there are working days), the rest under the default policy.
    const policy = (name: string, position: number, fields: { kind?: "complaint"; priority?: "urgent"; firstResponse: string; nextUpdate: string; resolution: string; warnBefore: string; calendarId: string | null }) =>
      insertPolicy(tx, {
        id: newId(opts.now.getTime()),
        name,
        position,
        applies_kind: fields.kind ?? null,
        applies_priority: fields.priority ?? null,
        applies_category: null,
        first_response: fields.firstResponse,
        next_update: fields.nextUpdate,
        resolution: fields.resolution,
        warn_before: fields.warnBefore,
        calendar_id: fields.calendarId,
        pause_while_waiting_on_customer: true,
        proactive_updates: "auto",
        escalation: JSON.stringify({ warn: ["owner"], breach: ["owner", "supervisors"], adminsAfter: "PT4H" }),
        created_at: opts.now,
        updated_at: opts.now,
      });
    const policies = [
      await policy("紧急工单 Urgent cases", 10, { priority: "urgent", firstResponse: "PT30M", nextUpdate: "PT4H", resolution: "P1D", warnBefore: "PT10M", calendarId: null }),
      await policy("投诉 Complaints", 20, { kind: "complaint", firstResponse: "PT1H", nextUpdate: "P1D", resolution: "P3D", warnBefore: "PT15M", calendarId: hotlineCalendar.id }),
    ];

    const customer = (name: string, identities: { kind: string; value: string }[], locale: "zh-CN" | "en" = "zh-CN") =>
      at(80, A, (ctx) => createCustomer(ctx, { name, identities, locale }, secret)).then((r) => r.customer);

    // 1. The set-top box whose remote stopped working after a power cut: hotline, then the maker, then chat.
    const wang = await customer("王建国", [
      { kind: "phone", value: "139 0710 2233" },
      { kind: "member_id", value: "XH-200817" },
    ]);
    await at(72, A, (ctx) => recordInteraction(ctx, { channel: "phone", direction: "inbound", customer: { id: wang.id }, body: "来电：小区两次停电后遥控器失灵，机顶盒能开机但无法换台。", organizationId: hotline.id }, secret));
    const stb = await at(71.5, A, (ctx) =>
      createCase(ctx, { customerId: wang.id, kind: "incident", subject: "停电后机顶盒遥控器失灵", description: "客户家中停电两次后，机顶盒遥控器无反应。已建议更换电池，无效。", channel: "phone", priority: "high", category: "set-top box" }),
    );
    await at(70, A, (ctx) => addParty(ctx, stb.id, { organizationId: maker.id, access: "contribute" }));
    await at(69, A, (ctx) => addMessage(ctx, stb.id, { visibility: "parties", body: "已共享给鼎新售后，请确认是否需要重新配对遥控器。" }));
    await at(48, asActor(partner), (ctx) => addMessage(ctx, stb.id, { visibility: "parties", body: "同型号停电后常见配对丢失：长按“设置”键5秒后按“确认”即可重新配对，无需上门。" }));
    await at(30, C, (ctx) =>
      recordInteraction(ctx, { channel: "chat", direction: "inbound", customer: { identities: [{ kind: "member_id", value: "xh-200817" }, { kind: "phone", value: "+86 139-0710-2233" }] }, body: "在线咨询：遥控器还是不能用，请问维修什么时候上门？", organizationId: online.id, caseId: stb.id }, secret),
    );
    await at(29.5, C, (ctx) => addMessage(ctx, stb.id, { visibility: "public", body: "王先生您好，请长按遥控器“设置”键5秒，指示灯闪烁后按“确认”，即可重新配对。如仍无效，我们会安排上门。" }));
    await at(29, C, (ctx) => changeStatus(ctx, stb.id, "waiting_on_customer", { action: "case.set_status", data: { note: "等待客户尝试重新配对" } }));

    // 2. A double charge: billing owns it, the hotline took the call.
    const emma = await customer("Emma Clarke", [
      { kind: "email", value: "Emma.Clarke@example.org" },
      { kind: "phone", value: "+44 7911 123456" },
    ], "en");
    await at(26, A, (ctx) => recordInteraction(ctx, { channel: "email", direction: "inbound", customer: { id: emma.id }, body: "I was charged twice for the November premium package (2 × ¥68). Please refund one.", organizationId: hotline.id }, secret));
    const charge = await at(25, A, (ctx) =>
      createCase(ctx, { customerId: emma.id, kind: "complaint", subject: "Charged twice for the November package", channel: "email", priority: "normal", category: "billing", organizationId: billing.id }),
    );
    await at(24, W, (ctx) => assignCase(ctx, charge.id, wu.id));
    await at(23, W, (ctx) => addMessage(ctx, charge.id, { visibility: "public", body: "Dear Ms Clarke, we can see the duplicate charge and are reversing it. You will see ¥68 back within one working day." }));

    // 3. An installation question settled on first contact.
    const zhang = await customer("张丽华", [{ kind: "phone", value: "13611112222" }]);
    await at(50, C, (ctx) => recordInteraction(ctx, { channel: "chat", direction: "inbound", customer: { id: zhang.id }, body: "请问新装数字电视需要带什么证件？", organizationId: online.id }, secret));
    const install = await at(49.8, C, (ctx) => createCase(ctx, { customerId: zhang.id, kind: "question", subject: "新装数字电视所需材料", channel: "chat", priority: "low" }));
    await at(49.7, C, (ctx) => addMessage(ctx, install.id, { visibility: "public", body: "您好，请携带身份证原件和最近一期的有线电视缴费凭证到任一营业厅办理。" }));
    await at(49.5, C, (ctx) => changeStatus(ctx, install.id, "resolved", { action: "case.resolve", resolution: "已告知所需材料", resolvedBy: "agent", data: { resolution: "已告知所需材料", resolvedBy: "agent" } }));

    // 4. Signal loss reported on two channels: the chat desk passed it to the hotline, where nobody has taken it yet.
    const liu = await customer("刘洋", [
      { kind: "phone", value: "18627003456" },
      { kind: "chat_visitor", value: "visitor-7f3a" },
    ]);
    await at(5, C, (ctx) => recordInteraction(ctx, { channel: "chat", direction: "inbound", customer: { id: liu.id }, body: "晚上八点以后好几个台都没有信号。", organizationId: online.id }, secret));
    const signal = await at(4.5, C, (ctx) => createCase(ctx, { customerId: liu.id, kind: "incident", subject: "晚间多个频道无信号", channel: "chat", priority: "urgent", category: "signal", organizationId: hotline.id }));
    await at(2, A, (ctx) => recordInteraction(ctx, { channel: "phone", direction: "inbound", customer: { id: liu.id }, caseId: signal.id, body: "再次来电催问无信号问题的进展。", organizationId: hotline.id }, secret));

    // 5. A request from an English-speaking customer waiting on the maker.
    const omar = await customer("Omar Haddad", [{ kind: "email", value: "omar.haddad@example.net" }, { kind: "member_id", value: "XH-310552" }], "en");
    const swap = await at(20, A, (ctx) => createCase(ctx, { customerId: omar.id, kind: "request", subject: "Replace set-top box under warranty", channel: "web", priority: "normal", category: "set-top box" }));
    await at(19, A, (ctx) => addParty(ctx, swap.id, { organizationId: maker.id, access: "contribute" }));
    await at(18, A, (ctx) => changeStatus(ctx, swap.id, "waiting_on_party", { action: "case.set_status", data: { note: "Waiting for Dingxin to confirm warranty stock" } }));

    // 6. A complaint about a missed installation appointment, owned by the hotline agent.
    const huang = await customer("黄志强", [{ kind: "phone", value: "15827009876" }, { kind: "email", value: "zq.huang@example.cn" }]);
    await at(8, A, (ctx) => recordInteraction(ctx, { channel: "phone", direction: "inbound", customer: { id: huang.id }, body: "来电投诉：约好上午安装，师傅没来也没有电话通知，请了半天假白等。", organizationId: hotline.id }, secret));
    const missed = await at(7.8, A, (ctx) =>
      createCase(ctx, { customerId: huang.id, kind: "complaint", subject: "安装师傅爽约未通知", description: "客户请假等待上门安装，师傅未到也未提前通知。客户要求今天18:00前确认新的上门时间。", channel: "phone", priority: "high", category: "installation" }),
    );
    await at(7.5, A, (ctx) => addMessage(ctx, missed.id, { visibility: "public", body: "黄先生，非常抱歉让您白等。我会在今天18:00前和您确认新的上门时间。" }));

    // 7. A billing question for an English-speaking customer, answered and resolved by billing.
    const ng = await customer("Daniel Ng", [{ kind: "email", value: "daniel.ng@example.com" }], "en");
    const invoice = await at(40, W, (ctx) => createCase(ctx, { customerId: ng.id, kind: "question", subject: "Where can I download my invoices?", channel: "email", priority: "low", category: "billing" }));
    await at(39, W, (ctx) => addMessage(ctx, invoice.id, { visibility: "public", body: "You can download every invoice under My account → Bills on our website." }));
    await at(38, W, (ctx) => changeStatus(ctx, invoice.id, "resolved", { action: "case.resolve", resolution: "Pointed the customer to My account → Bills", resolvedBy: "agent", data: { resolution: "Pointed the customer to My account → Bills", resolvedBy: "agent" } }));

    void lead;
    // The stories are history, told to made-up customers: none of their messages goes out.
    await withdrawPendingDeliveries({ tx }, [stb, charge, install, signal, swap, missed, invoice].map((c) => c.id));
    await audit({ tx, actor: SYSTEM, now: opts.now, log }, { action: "demo.loaded", subject: { type: "workspace", id: null }, after: { organizations: [hotline.name, online.name, billing.name, maker.name], calendars: [calendar.value.name], slaPolicies: policies.map((p) => p.name), users: [admin, lead, li, chen, wu, partner].filter((u) => u !== null).map((u) => u.email) }, organizationId: null });
    const logins = [
      ...(admin ? [{ role: "admin", email: admin.email, password: DEMO_PASSWORD }] : []),
      { role: "supervisor", email: lead.email, password: DEMO_PASSWORD },
      { role: "agent", email: li.email, password: DEMO_PASSWORD },
      { role: "partner_agent", email: partner.email, password: DEMO_PASSWORD },
    ];
    return { logins };
  }
}
