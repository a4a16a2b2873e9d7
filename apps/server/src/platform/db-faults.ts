/**
 * Database faults: which errors mean "the database cannot serve right now" (as opposed to a bug
 * or a refused statement), and the one error the rest of the server sees for them. The HTTP
 * layer answers it `503 database_unavailable` with `Retry-After`.
 */
import { AppError } from "./errors.js";

/**
 * `connection`: the database cannot be reached, or dropped or refused the connection (it is
 * restarting, failing over, out of connections, or a backend was terminated).
 * `timeout`: it is reachable but did not answer in time (statement or connect timeout).
 */
export type DbFault = "connection" | "timeout";

/** Node's socket errors that mean the server is not there (or went away). */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "EHOSTDOWN", "ENETUNREACH", "ENETDOWN", "ENOTFOUND", "EAI_AGAIN"]);

/** SQLSTATEs of a connection that failed or was ended by the server. */
const CONNECTION_STATES = new Set([
  "57P01", // admin_shutdown: pg_terminate_backend, or a fast shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: starting up or shutting down
  "57P05", // idle_session_timeout
  "53300", // too_many_connections
  "25P03", // idle_in_transaction_session_timeout
]);

/** What node-postgres says when it, not the server, gives up on a connection. */
const CONNECTION_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/, /is not queryable/, /^Client was closed/];

/** The kind of database fault an error is, or null when it is not one (a bug, a constraint, bad SQL). */
export function classifyDbError(error: unknown): DbFault | null {
  if (error instanceof DatabaseUnavailableError) return error.fault;
  if (!error || typeof error !== "object") return null;
  const { code, message, errors } = error as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof code === "string") {
    if (code === "57014") return "timeout"; // query_canceled: the statement timeout (Tandem sends no other cancel)
    if (code.startsWith("08") || CONNECTION_STATES.has(code) || SOCKET_CODES.has(code)) return "connection";
  }
  if (typeof message === "string") {
    if (message === "Query read timeout" || message === "Connection terminated due to connection timeout") return "timeout";
    if (CONNECTION_MESSAGES.some((m) => m.test(message))) return "connection";
  }
  // Connecting to a name with several addresses fails with every attempt's error at once.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => classifyDbError(e) === "connection")) return "connection";
  return null;
}

/** Seconds a client is asked to wait before trying again (`Retry-After`). */
export const RETRY_AFTER_SECONDS = 2;

const MESSAGES: Record<DbFault, string> = {
  connection: "The database is unavailable right now. Try again in a few seconds (a change with the same Idempotency-Key).",
  timeout: "The database did not answer in time. Try again in a few seconds.",
};

/** A request could not be served because of a database fault (see `classifyDbError`). */
export class DatabaseUnavailableError extends AppError {
  constructor(
    public readonly fault: DbFault,
    options?: { cause?: unknown },
  ) {
    super(503, "database_unavailable", MESSAGES[fault]);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The error to throw for `error`: a DatabaseUnavailableError for a database fault, else `error` itself. */
export function asDbFault(error: unknown): unknown {
  if (error instanceof DatabaseUnavailableError) return error;
  const fault = classifyDbError(error);
  return fault ? new DatabaseUnavailableError(fault, { cause: error }) : error;
}

/**
 * Whether the database is reachable, as far as this process knows. A fault makes it `suspect`:
 * one probe (a fresh connection, `SELECT 1`) decides. While probes fail the database is `down`
 * and requests are refused at once instead of each waiting for its own connect to fail; probes
 * repeat (every `retryMs`, at most `maxRetryMs` apart) until one succeeds, and then it is up
 * again with no restart. A terminated backend on a healthy server costs one probe, not an outage.
 */
export class DbAvailability {
  private isDown = false;
  private probing = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly options: { retryMs?: number; maxRetryMs?: number; onChange?: (up: boolean, error?: unknown) => void } = {},
  ) {}

  get down(): boolean {
    return this.isDown;
  }

  /** A fault was seen: probe now, unless a probe is already under way. */
  suspect(): void {
    if (this.probing || this.closed) return;
    this.probing = true;
    void this.run(0);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async run(attempt: number): Promise<void> {
    this.timer = null;
    if (this.closed) return;
    try {
      await this.probe();
      this.probing = false;
      if (this.isDown) {
        this.isDown = false;
        this.options.onChange?.(true);
      }
    } catch (error) {
      if (this.closed) return;
      if (!this.isDown) {
        this.isDown = true;
        this.options.onChange?.(false, error);
      }
      const delay = Math.min(this.options.maxRetryMs ?? 1000, (this.options.retryMs ?? 250) * 2 ** attempt);
      this.timer = setTimeout(() => void this.run(attempt + 1), delay);
      this.timer.unref();
    }
  }
}
