/**
 * Configuration: read once from the environment, validated, every problem listed at once.
 */
import path from "node:path";
import net from "node:net";
import { parseDuration } from "./duration.js";
import { DEFAULT_SCRYPT_COST } from "./passwords.js";
import { readMailConfig, type MailConfig } from "./mail/config.js";

export interface Env {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  adminEmail: string | null;
  adminPassword: string | null;
  demo: boolean;
  secret: string;
  secretIsDefault: boolean;
  logLevel: string;
  publicUrl: string;
  /** How long after resolution a customer's message reopens the case; later, it opens a follow-up. */
  reopenWithinMs: number;
  /** How long published outbox events are kept before retention prunes them. */
  outboxRetentionMs: number;
  /** How long a counted attempt (a sign-in, a partner's look-up) is kept; at least the longest throttle window (a day). */
  throttleRetentionMs: number;
  /** How long an Idempotency-Key (and its stored answer) is kept. */
  idempotencyKeyRetentionMs: number;
  /** How long a session is kept after it expired or was revoked. */
  sessionRetentionMs: number;
  /** TANDEM_TEST_HANDLERS=1: the scheduler also handles the test kind of due work (tests and benchmarks only). */
  testHandlers: boolean;
  /** Give up connecting to PostgreSQL (or waiting for a pooled connection) after this long (TANDEM_DB_CONNECT_TIMEOUT); 0: never. */
  dbConnectTimeoutMs: number;
  /** PostgreSQL cancels a statement that runs longer than this (TANDEM_DB_STATEMENT_TIMEOUT); 0: never. Migrations are exempt. */
  dbStatementTimeoutMs: number;
  /** Web processes for `tandem serve` (TANDEM_WORKERS); null: one per core on PostgreSQL, one on PGlite. */
  workers: number | null;
  /** Live streams: how many one user or one customer link may hold open in a process, and when to drop a reader that falls behind. */
  streams: StreamLimits;
  /** At start, how long to wait for a database that does not answer yet before giving up (TANDEM_DB_START_WAIT). */
  dbStartWaitMs: number;
  /** On SIGTERM, how long requests in flight may take to finish before their connections are cut (TANDEM_SHUTDOWN_GRACE). */
  shutdownGraceMs: number;
  /** TANDEM_ENV=development: the development secret is allowed on any address. */
  development: boolean;
  /** Proxies whose X-Forwarded-For/-Proto are believed (TANDEM_TRUSTED_PROXIES: addresses or CIDRs). */
  trustedProxies: string[];
  /** Requests per minute per token, or per address without one (TANDEM_RATE_LIMIT); 0: no limit. */
  rateLimit: number;
  /** The bearer token /metrics asks for (TANDEM_METRICS_TOKEN); null: /metrics answers on loopback only. */
  metricsToken: string | null;
  /** log2 of scrypt's N for new password hashes (TANDEM_SCRYPT_COST, default 17). */
  scryptCost: number;
  /** Outgoing mail (SMTP_URL, TANDEM_MAIL_FROM); without SMTP_URL mail is logged and marked as not sent. */
  mail: MailConfig;
  /** The largest CSV an import over the API may send (TANDEM_IMPORT_MAX_MB, default 100). */
  importMaxBytes: number;
  /** Webhook deliveries: how long one attempt may take (TANDEM_WEBHOOK_TIMEOUT, PT10S); whether partners may use http:// (TANDEM_WEBHOOK_ALLOW_HTTP=1, tests only). */
  webhooks: { timeoutMs: number; allowHttp: boolean };
}

export interface StreamLimits {
  perUser: number;
  perLink: number;
  /** Bytes a stream may have waiting for a reader that does not read; past it, the stream is dropped. */
  maxBufferedBytes: number;
  /** How often open streams' sessions and links are checked again, in case a revocation's notice was missed. */
  recheckMs: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const DEV_SECRET = "tandem-development-secret-change-me";

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const problems: string[] = [];
  const portText = source.PORT ?? "3000";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65535) problems.push(`PORT must be a port number (0-65535), got "${portText}"`);
  const host = source.HOST ?? "127.0.0.1";
  const databaseUrl = source.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push("DATABASE_URL must start with postgres:// or postgresql://");
  const adminEmail = source.TANDEM_ADMIN_EMAIL?.trim() || null;
  const adminPassword = source.TANDEM_ADMIN_PASSWORD || null;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) problems.push("TANDEM_ADMIN_EMAIL must be an e-mail address");
  if (adminEmail && !adminPassword) problems.push("TANDEM_ADMIN_PASSWORD is required when TANDEM_ADMIN_EMAIL is set");
  if (adminPassword && !adminEmail) problems.push("TANDEM_ADMIN_EMAIL is required when TANDEM_ADMIN_PASSWORD is set");
  if (adminPassword && adminPassword.length < 8) problems.push("TANDEM_ADMIN_PASSWORD must be at least 8 characters");
  const demoText = (source.TANDEM_DEMO ?? "on").toLowerCase();
  if (!["on", "off", "true", "false", "1", "0"].includes(demoText)) problems.push(`TANDEM_DEMO must be "on" or "off", got "${demoText}"`);
  const secret = source.TANDEM_SECRET || DEV_SECRET;
  if (source.TANDEM_SECRET && source.TANDEM_SECRET.length < 16) problems.push("TANDEM_SECRET must be at least 16 characters");
  const logLevel = source.LOG_LEVEL ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
  const reopenText = source.TANDEM_REOPEN_WITHIN ?? "P14D";
  const reopenWithinMs = parseDuration(reopenText);
  if (reopenWithinMs === null) problems.push(`TANDEM_REOPEN_WITHIN must be an ISO 8601 duration such as P14D or PT12H, got "${reopenText}"`);
  const retention = (name: string, fallback: string): number => {
    const text = source[name] ?? fallback;
    const ms = parseDuration(text);
    if (ms === null) problems.push(`${name} must be an ISO 8601 duration in weeks, days, hours, minutes or seconds (P7D, PT12H), got "${text}"`);
    return ms ?? 0;
  };
  const outboxRetentionMs = retention("TANDEM_OUTBOX_RETENTION", "P7D");
  const throttleRetentionMs = retention("TANDEM_THROTTLE_RETENTION", "P2D");
  if (throttleRetentionMs < 86_400_000) problems.push("TANDEM_THROTTLE_RETENTION must be at least P1D: the longest throttle window is a day");
  const idempotencyKeyRetentionMs = retention("TANDEM_IDEMPOTENCY_KEY_RETENTION", "P1D");
  const sessionRetentionMs = retention("TANDEM_SESSION_RETENTION", "P30D");
  const dbConnectTimeoutMs = timeout(source, "TANDEM_DB_CONNECT_TIMEOUT", "PT5S", problems);
  const dbStatementTimeoutMs = timeout(source, "TANDEM_DB_STATEMENT_TIMEOUT", "PT10S", problems);
  const workersText = source.TANDEM_WORKERS?.trim();
  const workers = workersText ? parseWorkers(workersText, "TANDEM_WORKERS", databaseUrl !== null) : null;
  if (typeof workers === "string") problems.push(workers);
  const count = (name: string, fallback: number, max: number): number => {
    const text = source[name]?.trim() || String(fallback);
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < 1 || n > max) problems.push(`${name} must be a whole number from 1 to ${max}, got "${text}"`);
    return n;
  };
  const duration = (name: string, fallback: string, minMs: number): number => {
    const text = source[name]?.trim() || fallback;
    const ms = parseDuration(text);
    if (ms === null || ms < minMs) problems.push(`${name} must be an ISO 8601 duration of at least ${minMs / 1000} s (such as ${fallback}), got "${text}"`);
    return ms ?? 0;
  };
  const streams: StreamLimits = {
    perUser: count("TANDEM_STREAMS_PER_USER", 10, 10_000),
    perLink: count("TANDEM_STREAMS_PER_LINK", 3, 10_000),
    maxBufferedBytes: count("TANDEM_STREAM_BUFFER_KB", 256, 1024 * 1024) * 1024,
    recheckMs: duration("TANDEM_STREAM_RECHECK", "PT15S", 100),
  };
  const shutdownGraceMs = duration("TANDEM_SHUTDOWN_GRACE", "PT10S", 0);
  const dbStartWaitMs = duration("TANDEM_DB_START_WAIT", "PT60S", 0);
  const envText = (source.TANDEM_ENV ?? "production").toLowerCase();
  if (!["production", "development"].includes(envText)) problems.push(`TANDEM_ENV must be "production" or "development", got "${envText}"`);
  const development = envText === "development";
  if (!source.TANDEM_SECRET && !development && !isLoopback(host)) {
    problems.push(`TANDEM_SECRET is required when HOST is not a loopback address (HOST=${host}): with the public development secret, customer links can be forged. Set TANDEM_SECRET to a long random value (e.g. \`openssl rand -base64 32\`), or TANDEM_ENV=development on a development machine`);
  }
  const trustedProxies = (source.TANDEM_TRUSTED_PROXIES ?? "").split(",").map((p) => p.trim()).filter(Boolean);
  for (const proxy of trustedProxies) if (!isAddressOrCidr(proxy)) problems.push(`TANDEM_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges (10.0.0.0/8), got "${proxy}"`);
  const rateText = source.TANDEM_RATE_LIMIT?.trim() || String(DEFAULT_RATE_LIMIT);
  const rateLimit = Number(rateText);
  if (!/^\d+$/.test(rateText)) problems.push(`TANDEM_RATE_LIMIT must be a whole number of requests per minute (0 turns the limit off), got "${rateText}"`);
  const metricsToken = source.TANDEM_METRICS_TOKEN || null;
  if (metricsToken && metricsToken.length < 16) problems.push("TANDEM_METRICS_TOKEN must be at least 16 characters");
  const costText = source.TANDEM_SCRYPT_COST?.trim() || String(DEFAULT_SCRYPT_COST);
  const scryptCost = Number(costText);
  if (!/^\d+$/.test(costText) || scryptCost < 10 || scryptCost > 20) problems.push(`TANDEM_SCRYPT_COST must be a whole number from 10 to 20 (log2 of scrypt's N; ${DEFAULT_SCRYPT_COST} is recommended), got "${costText}"`);
  const mail = readMailConfig(source, problems);
  const importMaxBytes = count("TANDEM_IMPORT_MAX_MB", 100, 10_240) * 1024 * 1024;
  const webhookTimeoutMs = duration("TANDEM_WEBHOOK_TIMEOUT", "PT10S", 100);
  const allowHttpText = source.TANDEM_WEBHOOK_ALLOW_HTTP?.trim() || "0";
  if (!["0", "1"].includes(allowHttpText)) problems.push(`TANDEM_WEBHOOK_ALLOW_HTTP must be 0 or 1, got "${allowHttpText}"`);
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(source.TANDEM_DATA_DIR ?? "./data"),
    adminEmail,
    adminPassword,
    demo: ["on", "true", "1"].includes(demoText),
    secret,
    secretIsDefault: !source.TANDEM_SECRET,
    logLevel,
    publicUrl: source.TANDEM_PUBLIC_URL ?? `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
    reopenWithinMs: reopenWithinMs!,
    outboxRetentionMs,
    throttleRetentionMs,
    idempotencyKeyRetentionMs,
    sessionRetentionMs,
    dbConnectTimeoutMs,
    dbStatementTimeoutMs,
    workers: workers as number | null,
    testHandlers: source.TANDEM_TEST_HANDLERS === "1",
    streams,
    shutdownGraceMs,
    dbStartWaitMs,
    development,
    trustedProxies,
    rateLimit,
    metricsToken,
    scryptCost,
    mail,
    importMaxBytes,
    webhooks: { timeoutMs: webhookTimeoutMs, allowHttp: allowHttpText === "1" },
  };
}

/** A timeout as an ISO 8601 duration (`PT5S`, `PT0.5S`; `PT0S` for none), in milliseconds. */
function timeout(source: NodeJS.ProcessEnv, name: string, fallback: string, problems: string[]): number {
  const text = source[name]?.trim() || fallback;
  const ms = parseDuration(text);
  if (ms === null || ms > 2 ** 31 - 1) {
    problems.push(`${name} must be an ISO 8601 duration such as PT5S or PT0.5S (PT0S for none), got "${text}"`);
    return 0;
  }
  return ms;
}

/** Generous for integrations and a busy console; bursts beyond it are abuse. */
export const DEFAULT_RATE_LIMIT = 1200;

/** Whether the server is bound to this machine only. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || (net.isIPv4(host) && host.startsWith("127."));
}

function isAddressOrCidr(text: string): boolean {
  const [address, bits, extra] = text.split("/");
  if (extra !== undefined || !address) return false;
  const version = net.isIP(address);
  if (!version) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128);
}

const MAX_WORKERS = 256;

/** A number of web processes (`--workers` or TANDEM_WORKERS), or why it is refused. */
export function parseWorkers(text: string, name: string, onPostgres: boolean): number | string {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_WORKERS) return `${name} must be a whole number from 1 to ${MAX_WORKERS}, got "${text}"`;
  if (n > 1 && !onPostgres) {
    return `${name}=${n} needs PostgreSQL (DATABASE_URL): the embedded database is one connection inside one process, so it serves from one process`;
  }
  return n;
}
