/**
 * What the customer reads, in their language (zh-CN or en), as pure functions: the mail or text
 * that carries a public message with its link, and the acknowledgement of a new complaint.
 */

export type CustomerLocale = "zh-CN" | "en";

/** The customer's language: English when they chose it, Chinese otherwise. */
export function customerLocale(locale: string | null | undefined): CustomerLocale {
  return locale?.toLowerCase().startsWith("en") ? "en" : "zh-CN";
}

export interface MessageFacts {
  locale: CustomerLocale;
  customerName: string;
  caseNumber: string;
  caseSubject: string;
  body: string;
  /** Who wrote it: a person's first name, or null for Tandem itself. */
  authorFirstName: string | null;
  organizationName: string;
  automatic: boolean;
  link: { url: string; expiresAt: Date };
  /** The time zone the link's expiry date is written in. */
  timeZone: string;
}

function dateIn(locale: CustomerLocale, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone }).format(at);
}

/** The e-mail: subject with the case number, the message, who wrote it, the link. Plain text. */
export function messageMail(f: MessageFacts): { subject: string; text: string } {
  const until = dateIn(f.locale, f.link.expiresAt, f.timeZone);
  if (f.locale === "en") {
    const signature = f.authorFirstName ? `${f.authorFirstName}, ${f.organizationName}` : f.organizationName;
    return {
      subject: `[Case ${f.caseNumber}] ${f.caseSubject}`,
      text: [
        `Dear ${f.customerName},`,
        "",
        f.body,
        "",
        `— ${signature}`,
        "",
        `Follow your case, write to us or tell us it is solved: ${f.link.url}`,
        `(The link opens this case only and works until ${until}.)`,
        "",
        `Case ${f.caseNumber} · ${f.caseSubject}`,
        ...(f.automatic ? ["This message was sent automatically."] : []),
      ].join("\n"),
    };
  }
  const signature = f.authorFirstName ? `${f.authorFirstName}（${f.organizationName}）` : f.organizationName;
  return {
    subject: `【案件 ${f.caseNumber}】${f.caseSubject}`,
    text: [
      `${f.customerName}，您好：`,
      "",
      f.body,
      "",
      `—— ${signature}`,
      "",
      `查看案件进展、给我们留言或告诉我们问题已解决：${f.link.url}`,
      `（此链接只能打开这一个案件，有效期至 ${until}。）`,
      "",
      `案件编号 ${f.caseNumber} · ${f.caseSubject}`,
      ...(f.automatic ? ["此邮件由系统自动发送。"] : []),
    ].join("\n"),
  };
}

const SMS_BODY_CHARS = 280;

/** The text message: the case number, the message (shortened), the link. */
export function messageSms(f: MessageFacts): string {
  const body = f.body.length > SMS_BODY_CHARS ? `${f.body.slice(0, SMS_BODY_CHARS - 1)}…` : f.body;
  return f.locale === "en" ? `[Case ${f.caseNumber}] ${body} Read and reply: ${f.link.url}` : `【案件${f.caseNumber}】${body} 查看并回复：${f.link.url}`;
}

export interface AcknowledgementFacts {
  locale: CustomerLocale;
  caseNumber: string;
  caseSubject: string;
  ownerFirstName: string | null;
  organizationName: string;
}

/** The instant acknowledgement of a complaint: its number, who owns it, what happens next. The link travels with its delivery. */
export function acknowledgement(f: AcknowledgementFacts): string {
  if (f.locale === "en") {
    const owner = f.ownerFirstName ? `${f.ownerFirstName} of ${f.organizationName} is looking after it personally` : `${f.organizationName} is looking after it, and a named person will take it on shortly`;
    return [
      `We have received your complaint and registered it as case ${f.caseNumber} (“${f.caseSubject}”).`,
      `${owner}.`,
      "What happens next: we look into what happened and answer you here. Until it is settled you will hear from us whenever there is news, and you will not have to repeat your story to anyone.",
      "You can follow the case, add anything we should know, or tell us it is solved, through the link in this message.",
    ].join("\n\n");
  }
  const owner = f.ownerFirstName ? `由${f.organizationName}的${f.ownerFirstName}亲自负责处理` : `由${f.organizationName}负责处理，很快会有专人跟进`;
  return [
    `我们已收到您的投诉，案件编号 ${f.caseNumber}（“${f.caseSubject}”）。`,
    `${owner}。`,
    "接下来：我们会核实情况并在这里答复您。在问题解决之前，一有进展就会告诉您，您无需向任何人重复说明情况。",
    "您可以通过本消息中的链接随时查看案件进展、补充情况，或告诉我们问题已解决。",
  ].join("\n\n");
}
