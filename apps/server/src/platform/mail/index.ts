/** Outgoing mail and text messages: the transports (SMTP or a logging one) and their configuration. */
export { readMailConfig, maskUrl, addressOf, type MailConfig } from "./config.js";
export { createMailTransport, loggingSmsProvider, sendError, SendError, type MailTransport, type OutgoingMail, type OutgoingSms, type SendOutcome, type SmsProvider } from "./transport.js";
