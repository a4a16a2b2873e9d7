/**
 * Mail configuration, validated with the rest of the environment (platform/env.ts): `SMTP_URL`
 * (smtp:// or smtps://, with optional user and password) and `TANDEM_MAIL_FROM`. The password is
 * never shown: every message and log line uses `maskedUrl`.
 */

export interface MailConfig {
  /** The SMTP server; null: no server (a fresh install), mail is logged and marked as not sent. */
  smtpUrl: string | null;
  /** `smtp://user:***@host:port`: what logs and messages may show. */
  maskedUrl: string | null;
  /** The From address, as given (`Tandem <service@example.com>` or `service@example.com`). */
  from: string;
  /** The domain of the From address: the right-hand side of every Message-ID. */
  domain: string;
}

const DEFAULT_FROM = "Tandem <tandem@localhost>";

/** The URL with its password replaced, for logs and error messages. */
export function maskUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = "***";
    return url.toString().replace(/\/$/, "");
  } catch {
    // Not a URL at all: hide whatever sits between "//" and "@", where a password would be.
    return text.replace(/\/\/[^@/]*@/, "//***@");
  }
}

/** The address inside `Name <address>`, or the text itself. */
export function addressOf(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/** Reads SMTP_URL and TANDEM_MAIL_FROM; problems go to `problems` (never with the password). */
export function readMailConfig(source: NodeJS.ProcessEnv, problems: string[]): MailConfig {
  const smtpUrl = source.SMTP_URL?.trim() || null;
  const maskedUrl = smtpUrl ? maskUrl(smtpUrl) : null;
  if (smtpUrl) {
    let url: URL | null = null;
    try {
      url = new URL(smtpUrl);
    } catch {
      problems.push(`SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587 or smtps://mail.example.com:465, got "${maskedUrl}"`);
    }
    if (url && !["smtp:", "smtps:"].includes(url.protocol)) problems.push(`SMTP_URL must start with smtp:// (STARTTLS when the server offers it) or smtps:// (TLS from the start), got "${maskedUrl}"`);
    else if (url && !url.hostname) problems.push(`SMTP_URL must name the mail server's host, got "${maskedUrl}"`);
  }
  const fromText = source.TANDEM_MAIL_FROM?.trim();
  if (smtpUrl && !fromText) problems.push("TANDEM_MAIL_FROM is required when SMTP_URL is set: the From address of the mail Tandem sends (e.g. \"Customer service <service@example.com>\")");
  const from = fromText || DEFAULT_FROM;
  const address = addressOf(from);
  if (fromText && !/^[^@\s<>]+@[^@\s<>]+$/.test(address)) problems.push(`TANDEM_MAIL_FROM must be an e-mail address, optionally with a name ("Service <service@example.com>"), got "${fromText}"`);
  return { smtpUrl, maskedUrl, from, domain: address.split("@")[1] ?? "localhost" };
}
