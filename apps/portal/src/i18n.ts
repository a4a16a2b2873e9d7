/** Every string the customer sees, in English and Simplified Chinese, and the dates in their language. */
import type { CaseStatus, ProblemKind } from "./api";

export type Lang = "en" | "zh-CN";

const en = {
  pageTitle: "Your case",
  brand: "Customer service",
  switchTo: "中文",
  switchLabel: "切换到中文",
  loading: "Opening your case…",
  caseNumber: (n: string) => `Case ${n}`,
  status: {
    open: "We are working on it",
    waiting_on_customer: "Waiting for your reply",
    waiting_on_party: "Waiting for a partner",
    resolved: "Resolved",
    closed: "Closed",
  } satisfies Record<CaseStatus, string>,
  statusExplained: {
    open: "Our team is working on your case. You don't need to do anything; we will keep you updated here.",
    waiting_on_customer: "We are waiting for your reply. Please answer the last message below so we can carry on.",
    waiting_on_party:
      "Another team or a partner company is doing their part of the work. We are following it up, and we will tell you as soon as there is news.",
    resolved: "Your case is resolved. If the problem comes back, write to us below.",
    closed: "This case is closed. If you need help again, write to us below and we will open a new case for you.",
  } satisfies Record<CaseStatus, string>,
  owner: (name: string) => `${name} is looking after your case.`,
  noOwner: "A member of our team will take your case shortly.",
  nextStepTitle: "Next step",
  noNextStep: "We will write here as soon as the next step is decided.",
  deadlinesTitle: "Dates we promised",
  deadlineKind: {
    first_response: "First reply",
    next_update: "Next update",
    resolution: "Solution",
    customer: "Your deadline",
    commitment: "Our promise",
  } as Record<string, string>,
  deadlineOther: "Deadline",
  deadlineStatus: {
    met: "Done",
    breached: "Late, we are sorry",
    at_risk: "Due soon",
  } as Record<string, string>,
  dueBy: (when: string) => `by ${when}`,
  conversationTitle: "Messages",
  noMessages: "No messages yet. If you have a question, write to us below.",
  you: "You",
  ourTeam: "Our team",
  writeLabel: "Write to us",
  writeHint: "Our team reads every message and answers here.",
  writePlaceholder: "Type your message",
  send: "Send",
  sending: "Sending…",
  sent: "Message sent.",
  emptyMessage: "Please write a message first.",
  tooLong: (max: number) => `Please keep your message under ${max} characters.`,
  reopenToggle: "Still a problem? Write to us",
  followUpOpened: (number: string) => `Thank you. We opened a new case, ${number}, for this and will be in touch.`,
  solvedButton: "I solved it myself",
  solvedHint: "Problem gone? Tell us, and nobody will contact you about it again.",
  dialogTitle: "Close your case?",
  dialogText: "We will mark your case as resolved and tell everyone working on it. Nobody will call you about it again.",
  noteLabel: "How did you solve it? (optional)",
  notePlaceholder: "For example: I restarted the device",
  confirm: "Yes, it's solved",
  confirming: "Closing…",
  cancel: "Not yet",
  thanksTitle: "Thank you for letting us know!",
  thanksText: "Your case is resolved. We have told everyone working on it, and nobody will call you about it again.",
  resolvedByUs: "Your case is resolved.",
  rateTitle: "How did we do?",
  rateScore: (n: number) => `${n} of 5`,
  rateComment: "Anything to add? (optional)",
  rateSend: "Send",
  rateThanks: "Thank you: your answer helps us do better.",
  rateFailed: "Your answer could not be sent. Please try again.",
  resolutionLabel: "What we did",
  resolvedOn: (when: string) => `Resolved: ${when}`,
  refresh: "Refresh",
  refreshing: "Refreshing…",
  updatedAt: (when: string) => `Updated ${when}. This page refreshes itself.`,
  problem: {
    link_missing: "This page opens with the link we sent you. Please open that link again.",
    link_invalid: "This link doesn't work. Please ask us for a new one.",
    link_expired: "This link has expired, to keep your case private. Please ask us for a new one.",
    link_revoked: "This link is no longer in use. Please use the newest link we sent you, or ask us for a new one.",
    case_closed: "This case is closed, so we can't add your message. Please contact us and we'll open a new case.",
    already_resolved: "Your case is already resolved.",
    already_rated: "Thank you: you have already told us how it went.",
    validation_failed: "We couldn't accept that. Please check what you wrote and try again.",
    rate_limited: "Too many attempts in a short time. Please wait a minute and try again.",
    database_unavailable: "Our service is briefly unavailable. Please try again in a few seconds.",
    network: "We couldn't reach our service. Please check your connection and try again.",
    server: "Something went wrong on our side. Please try again in a moment.",
  } satisfies Record<ProblemKind, string>,
  problemTitle: {
    link: "We can't open your case",
    other: "We can't show your case right now",
  },
  tryAgain: "Try again",
  refreshFailed: "We couldn't refresh just now; what you see may be out of date.",
};

export type Strings = typeof en;

const zh: Strings = {
  pageTitle: "您的服务单",
  brand: "客户服务",
  switchTo: "English",
  switchLabel: "Switch to English",
  loading: "正在打开您的服务单…",
  caseNumber: (n) => `服务单 ${n}`,
  status: {
    open: "正在处理",
    waiting_on_customer: "等待您的回复",
    waiting_on_party: "等待合作方处理",
    resolved: "已解决",
    closed: "已关闭",
  },
  statusExplained: {
    open: "我们的团队正在处理您的问题。您无需做任何事，进展会在这里告诉您。",
    waiting_on_customer: "我们在等您的回复。请回复下面的最新消息，以便我们继续处理。",
    waiting_on_party: "其他部门或合作公司正在处理他们负责的部分。我们会持续跟进，一有消息就告诉您。",
    resolved: "您的问题已解决。如果问题再次出现，请在下方给我们留言。",
    closed: "此服务单已关闭。如需再次帮助，请在下方留言，我们会为您新建服务单。",
  },
  owner: (name) => `${name} 负责跟进您的服务单。`,
  noOwner: "我们的工作人员很快会接手您的服务单。",
  nextStepTitle: "下一步",
  noNextStep: "下一步确定后，我们会第一时间在这里告诉您。",
  deadlinesTitle: "我们承诺的时间",
  deadlineKind: {
    first_response: "首次答复",
    next_update: "下次进展通知",
    resolution: "解决问题",
    customer: "您要求的时间",
    commitment: "我们的承诺",
  },
  deadlineOther: "截止时间",
  deadlineStatus: {
    met: "已完成",
    breached: "已超时，非常抱歉",
    at_risk: "即将到期",
  },
  dueBy: (when) => `${when} 前`,
  conversationTitle: "消息",
  noMessages: "还没有消息。如有任何问题，请在下方给我们留言。",
  you: "您",
  ourTeam: "客服团队",
  writeLabel: "给我们留言",
  writeHint: "每条留言我们都会阅读，并在这里回复您。",
  writePlaceholder: "请输入留言内容",
  send: "发送",
  sending: "正在发送…",
  sent: "留言已发送。",
  emptyMessage: "请先输入留言内容。",
  tooLong: (max) => `留言请不要超过 ${max} 个字符。`,
  reopenToggle: "问题还在？给我们留言",
  followUpOpened: (number: string) => `谢谢。我们已为此新建服务单 ${number}，会尽快与您联系。`,
  solvedButton: "我已自行解决",
  solvedHint: "问题已经没有了？告诉我们，之后不会再有人为此联系您。",
  dialogTitle: "关闭您的服务单？",
  dialogText: "我们会将服务单标记为已解决，并通知所有参与处理的人员。之后不会再有人为此给您打电话。",
  noteLabel: "您是怎么解决的？（选填）",
  notePlaceholder: "例如：我重启了设备",
  confirm: "是的，已解决",
  confirming: "正在关闭…",
  cancel: "还没有",
  thanksTitle: "感谢您告诉我们！",
  thanksText: "您的服务单已解决。我们已通知所有参与处理的人员，之后不会再有人为此给您打电话。",
  resolvedByUs: "您的服务单已解决。",
  rateTitle: "您对这次服务满意吗？",
  rateScore: (n: number) => `${n} 分（满分 5 分）`,
  rateComment: "还有什么想说的吗？（选填）",
  rateSend: "提交",
  rateThanks: "感谢您的评价，我们会做得更好。",
  rateFailed: "评价未能提交，请重试。",
  resolutionLabel: "我们的处理",
  resolvedOn: (when) => `解决时间：${when}`,
  refresh: "刷新",
  refreshing: "正在刷新…",
  updatedAt: (when) => `更新于 ${when}。本页会自动刷新。`,
  problem: {
    link_missing: "请通过我们发给您的链接打开此页面。",
    link_invalid: "此链接无法使用。请联系我们获取新链接。",
    link_expired: "为保护您的隐私，此链接已过期。请联系我们获取新链接。",
    link_revoked: "此链接已停用。请使用我们最新发给您的链接，或联系我们获取新链接。",
    case_closed: "此服务单已关闭，无法添加留言。请联系我们，我们会为您新建服务单。",
    already_resolved: "您的服务单已经解决了。",
    already_rated: "感谢您，您已评价过。",
    validation_failed: "内容无法提交。请检查后重试。",
    rate_limited: "短时间内操作次数过多。请稍等一分钟再试。",
    database_unavailable: "我们的服务暂时不可用。请几秒后再试。",
    network: "无法连接到我们的服务。请检查网络后重试。",
    server: "我们这边出了点问题。请稍后再试。",
  },
  problemTitle: {
    link: "无法打开您的服务单",
    other: "暂时无法显示您的服务单",
  },
  tryAgain: "重试",
  refreshFailed: "暂时无法刷新，当前显示的内容可能不是最新的。",
};

export const strings: Record<Lang, Strings> = { en, "zh-CN": zh };

const LANG_KEY = "tandem.portal.lang";

export function toLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  return value.toLowerCase().startsWith("zh") ? "zh-CN" : value.toLowerCase().startsWith("en") ? "en" : null;
}

/** The language the customer picked on this device, if they used the switch. */
export function chosenLang(): Lang | null {
  try {
    return toLang(localStorage.getItem(LANG_KEY));
  } catch {
    return null;
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // Not remembered; the switch still works for this visit.
  }
}

export function browserLang(): Lang {
  for (const l of navigator.languages ?? [navigator.language]) {
    const lang = toLang(l);
    if (lang) return lang;
  }
  return "en";
}

export function formatWhen(iso: string, lang: Lang): string {
  const date = new Date(iso);
  const now = new Date();
  const sameDay = date.toDateString() === now.toDateString();
  const sameYear = date.getFullYear() === now.getFullYear();
  return new Intl.DateTimeFormat(lang, {
    ...(sameDay ? {} : { month: "short", day: "numeric", ...(sameYear ? {} : { year: "numeric" }) }),
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

export function formatRelative(iso: string, lang: Lang): string {
  const minutes = Math.round((new Date(iso).getTime() - Date.now()) / 60000);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
  if (Math.abs(minutes) < 60) return rtf.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(hours, "hour");
  return rtf.format(Math.round(hours / 24), "day");
}
