/** The e-mail that carries a notification, in the user's language (zh-CN or en), as a pure function. */

export interface NotificationEmailFacts {
  locale: string;
  kind: string;
  urgent: boolean;
  /** For a case: its number and subject line. */
  label: string | null;
  title: string | null;
  actorName: string | null;
  /** The subject in the console. */
  url: string;
}

const EN: Record<string, (f: NotificationEmailFacts) => string> = {
  "case.assigned": (f) => `Case ${f.label} was assigned to you: ${f.title}`,
  "case.customer_wrote": (f) => `The customer wrote on case ${f.label}: ${f.title}`,
  "case.resolved_by_party": (f) => `${f.actorName ?? "A party"} resolved case ${f.label}: ${f.title}`,
  "case.changed_by_party": (f) => `${f.actorName ?? "A party"} changed case ${f.label}: ${f.title}`,
  "delivery.failed": (f) => `A message on case ${f.label} could not be delivered to the customer: ${f.title}`,
  "case.resolved_by_customer": (f) => `The customer says case ${f.label} is solved; planned contacts are cancelled: ${f.title}`,
};

const ZH: Record<string, (f: NotificationEmailFacts) => string> = {
  "case.assigned": (f) => `案件 ${f.label} 已分配给您：${f.title}`,
  "case.customer_wrote": (f) => `客户在案件 ${f.label} 上留言：${f.title}`,
  "case.resolved_by_party": (f) => `${f.actorName ?? "合作方"} 已解决案件 ${f.label}：${f.title}`,
  "case.changed_by_party": (f) => `${f.actorName ?? "合作方"} 更改了案件 ${f.label}：${f.title}`,
  "delivery.failed": (f) => `案件 ${f.label} 的一条消息未能送达客户：${f.title}`,
  "case.resolved_by_customer": (f) => `客户表示案件 ${f.label} 已解决，已计划的联系均已取消：${f.title}`,
};

export function notificationEmail(f: NotificationEmailFacts): { subject: string; text: string } {
  if (f.locale.toLowerCase().startsWith("en")) {
    const headline = EN[f.kind]?.(f) ?? `News on case ${f.label}: ${f.title}`;
    return {
      subject: `${f.urgent ? "[Urgent] " : ""}${headline}`,
      text: [headline, "", `Open it in Tandem: ${f.url}`, "", "You get these e-mails because you asked for them; turn them off, or set your working hours, in your notification preferences."].join("\n"),
    };
  }
  const headline = ZH[f.kind]?.(f) ?? `案件 ${f.label} 有新动态：${f.title}`;
  return {
    subject: `${f.urgent ? "【紧急】" : ""}${headline}`,
    text: [headline, "", `在 Tandem 中打开：${f.url}`, "", "您收到此邮件是因为您开启了邮件通知；可在通知设置中关闭，或设置您的工作时间。"].join("\n"),
  };
}
