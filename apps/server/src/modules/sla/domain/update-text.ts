/**
 * The automatic progress update, written from the case: its status, who owns it (first name),
 * the next step and the deadlines still open — in the customer's language (zh-CN unless they
 * chose English). Pure: the same case gives the same text.
 */
export interface UpdateFacts {
  locale: string | null;
  number: string;
  status: string;
  ownerName: string | null;
  nextStep: string | null;
  deadlines: { kind: string; dueAt: Date; description: string | null }[];
}

const STATUS = {
  "zh-CN": { open: "正在处理", waiting_on_customer: "等待您的回复", waiting_on_party: "正在等待合作方处理", resolved: "已解决", closed: "已关闭" },
  en: { open: "being worked on", waiting_on_customer: "waiting for your reply", waiting_on_party: "waiting for a partner we are working with", resolved: "resolved", closed: "closed" },
} as const;

/** Times are written in China Standard Time, which has no daylight saving. */
function when(t: Date, lang: "zh-CN" | "en"): string {
  const local = new Date(t.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const text = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
  return lang === "zh-CN" ? `${text}（北京时间）` : `${text} (China time)`;
}

/** A first name: the first word of a Western name; a Chinese name is used whole (short, and the given name alone is too familiar). */
export function firstName(name: string): string {
  const trimmed = name.trim();
  if (/[\u3400-\u9fff]/.test(trimmed)) return trimmed;
  return trimmed.split(/\s+/)[0] ?? trimmed;
}

export const languageOf = (locale: string | null): "zh-CN" | "en" => (locale && locale.toLowerCase().startsWith("en") ? "en" : "zh-CN");

export function proactiveUpdate(f: UpdateFacts): string {
  const lang = languageOf(f.locale);
  const status = STATUS[lang][f.status as keyof (typeof STATUS)["en"]] ?? f.status;
  const owner = f.ownerName ? firstName(f.ownerName) : null;
  const lines: string[] = [];
  if (lang === "zh-CN") {
    lines.push(`您好！这是关于您的工单 ${f.number} 的进展通知：目前${status}。`);
    lines.push(owner ? `负责人：${owner}。` : "您的工单已在我们团队的处理队列中。");
    if (f.nextStep) lines.push(`下一步：${f.nextStep}`);
    for (const d of f.deadlines) lines.push(d.kind === "commitment" ? `我们承诺在 ${when(d.dueAt, lang)} 前${d.description ? `：${d.description}` : "给您答复"}。` : `预计在 ${when(d.dueAt, lang)} 前解决。`);
    lines.push("如有新的情况，请直接回复本消息。");
  } else {
    lines.push(`Hello, here is an update on your case ${f.number}: it is ${status}.`);
    lines.push(owner ? `${owner} is looking after it.` : "Your case is in our team's queue.");
    if (f.nextStep) lines.push(`Next step: ${f.nextStep}`);
    for (const d of f.deadlines) lines.push(d.kind === "commitment" ? `We promised by ${when(d.dueAt, lang)}${d.description ? `: ${d.description}` : ""}.` : `We expect to resolve it by ${when(d.dueAt, lang)}.`);
    lines.push("If anything changes on your side, just reply to this message.");
  }
  return lines.join("\n");
}
