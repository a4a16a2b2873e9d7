/**
 * Sending mail: nodemailer over SMTP when `SMTP_URL` is set, otherwise a logging transport that
 * writes the mail to the log and says so (`logged_only`), so a fresh install never pretends it
 * reached anyone. A send is one SMTP connection (no pool to open or close), with timeouts, so a
 * mail server that stops answering costs a delivery attempt, not a stuck scheduler.
 */
import nodemailer from "nodemailer";
import type { Log } from "../context.js";
import type { MailConfig } from "./config.js";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Without angle brackets: `<id>@<domain>` is added by the transport. */
  messageId: string;
  /** Sent by Tandem on its own (an acknowledgement, a notification): `Auto-Submitted: auto-generated`. A person's reply has none. */
  automatic: boolean;
  /** zh-CN or en: the mail's Content-Language. */
  locale: string;
}

/** What became of a message: really handed to a server, or only written to the log. */
export type SendOutcome = { delivery: "sent"; messageId: string; response: string } | { delivery: "logged_only"; messageId: string };

/** A send that failed; `permanent` when the server refused it for good (a 5xx), so retrying is pointless. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

export interface MailTransport {
  readonly kind: "smtp" | "log";
  send(mail: OutgoingMail, log: Log): Promise<SendOutcome>;
}

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** The transport for the configuration: SMTP, or the logging one without SMTP_URL. */
export function createMailTransport(config: MailConfig): MailTransport {
  return config.smtpUrl ? smtpTransport(config, config.smtpUrl) : loggingTransport(config);
}

function messageIdOf(config: MailConfig, mail: OutgoingMail): string {
  return `<${mail.messageId}@${config.domain}>`;
}

function headersOf(mail: OutgoingMail): Record<string, string> {
  return { ...(mail.automatic ? { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" } : {}), "Content-Language": mail.locale };
}

function smtpTransport(config: MailConfig, url: string): MailTransport {
  const transporter = nodemailer.createTransport({ url, ...TIMEOUTS });
  return {
    kind: "smtp",
    async send(mail) {
      const messageId = messageIdOf(config, mail);
      try {
        const info = await transporter.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text, ...(mail.html ? { html: mail.html } : {}), messageId, headers: headersOf(mail) });
        return { delivery: "sent", messageId, response: String(info.response ?? "") };
      } catch (error) {
        throw sendError(error, config);
      }
    },
  };
}

/** A nodemailer failure as a SendError: a 5xx reply is permanent (authentication aside: that is the server's configuration, fixed by an admin). */
export function sendError(error: unknown, config: Pick<MailConfig, "smtpUrl" | "maskedUrl">): SendError {
  const e = error as { message?: string; responseCode?: number; code?: string };
  let message = String(e.message ?? error).slice(0, 500);
  // Never let the URL's password reach a log, an event or the database.
  if (config.smtpUrl && config.maskedUrl) message = message.split(config.smtpUrl).join(config.maskedUrl);
  const permanent = typeof e.responseCode === "number" && e.responseCode >= 500 && e.code !== "EAUTH";
  return new SendError(message, permanent);
}

function loggingTransport(config: MailConfig): MailTransport {
  return {
    kind: "log",
    send(mail, log) {
      const messageId = messageIdOf(config, mail);
      log.info({ mail: { to: mail.to, subject: mail.subject, messageId, automatic: mail.automatic, text: mail.text } }, "no SMTP_URL: mail written to the log, not sent");
      return Promise.resolve({ delivery: "logged_only", messageId });
    },
  };
}

/** A text message to a phone. No real provider ships with Tandem: the default one logs. */
export interface OutgoingSms {
  to: string;
  text: string;
  messageId: string;
}

export interface SmsProvider {
  readonly kind: string;
  send(sms: OutgoingSms, log: Log): Promise<SendOutcome>;
}

/** The default SMS provider: writes the text to the log and reports it as not really sent. */
export const loggingSmsProvider: SmsProvider = {
  kind: "log",
  send(sms, log) {
    log.info({ sms: { to: sms.to, messageId: sms.messageId, text: sms.text } }, "no SMS provider: text written to the log, not sent");
    return Promise.resolve({ delivery: "logged_only", messageId: sms.messageId });
  },
};
