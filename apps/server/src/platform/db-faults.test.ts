import { afterEach, describe, expect, it, vi } from "vitest";
import { asDbFault, classifyDbError, DatabaseUnavailableError, DbAvailability } from "./db-faults.js";

const pgError = (code: string, message = "from the server") => Object.assign(new Error(message), { code, severity: "FATAL" });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: "connect" });

describe("which errors are database faults", () => {
  it("the server unreachable, or dropping and refusing connections, is a connection fault", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND"]) expect(classifyDbError(socketError(code)), code).toBe("connection");
    for (const code of ["57P01", "57P02", "57P03", "53300", "08006", "08001", "08P01"]) expect(classifyDbError(pgError(code)), code).toBe("connection");
    for (const message of ["Connection terminated unexpectedly", "Connection terminated", "timeout exceeded when trying to connect", "Client has encountered a connection error and is not queryable"]) {
      expect(classifyDbError(new Error(message)), message).toBe("connection");
    }
    // localhost has two addresses: both attempts refused at once.
    expect(classifyDbError(Object.assign(new AggregateError([socketError("ECONNREFUSED"), socketError("ECONNREFUSED")]), { code: undefined }))).toBe("connection");
  });

  it("a statement cancelled by the statement timeout, or no answer at all, is a timeout", () => {
    expect(classifyDbError(pgError("57014", "canceling statement due to statement timeout"))).toBe("timeout");
    expect(classifyDbError(new Error("Query read timeout"))).toBe("timeout");
    expect(classifyDbError(new Error("Connection terminated due to connection timeout"))).toBe("timeout");
  });

  it("a refused statement, a bug or an application error is not a fault of the database", () => {
    for (const code of ["23505", "23503", "42P01", "40001", "22P02"]) expect(classifyDbError(pgError(code)), code).toBeNull();
    expect(classifyDbError(new TypeError("Cannot read properties of undefined"))).toBeNull();
    expect(classifyDbError(new AggregateError([socketError("ECONNREFUSED"), new Error("other")]))).toBeNull();
    expect(classifyDbError("Connection terminated")).toBeNull();
    expect(classifyDbError(null)).toBeNull();
  });

  it("a fault becomes a 503 database_unavailable that keeps its cause; anything else is left as it is", () => {
    const cause = socketError("ECONNREFUSED");
    const mapped = asDbFault(cause);
    expect(mapped).toBeInstanceOf(DatabaseUnavailableError);
    expect(mapped).toMatchObject({ status: 503, code: "database_unavailable", fault: "connection", cause });
    expect(asDbFault(mapped)).toBe(mapped);
    const unique = pgError("23505");
    expect(asDbFault(unique)).toBe(unique);
  });
});

describe("DbAvailability", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("a fault on a healthy server costs one probe and no outage", async () => {
    const probe = vi.fn(async () => undefined);
    const onChange = vi.fn();
    const availability = new DbAvailability(probe, { onChange });
    availability.suspect();
    availability.suspect(); // while the probe runs: no second one
    await vi.waitFor(() => expect(probe).toHaveBeenCalledTimes(1));
    await Promise.resolve();
    expect(availability.down).toBe(false);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("is down while probes fail, probes again with backoff up to a second, and is up after the first success", async () => {
    vi.useFakeTimers();
    let reachable = false;
    const probe = vi.fn(async () => {
      if (!reachable) throw new Error("ECONNREFUSED");
    });
    const changes: boolean[] = [];
    const availability = new DbAvailability(probe, { retryMs: 250, maxRetryMs: 1000, onChange: (up) => changes.push(up) });
    availability.suspect();
    await vi.advanceTimersByTimeAsync(0);
    expect(availability.down).toBe(true);
    expect(changes).toEqual([false]);
    // 250, 500, 1000, then every 1000 ms.
    await vi.advanceTimersByTimeAsync(250 + 500 + 1000 + 1000);
    expect(probe).toHaveBeenCalledTimes(5);
    availability.suspect(); // faults seen meanwhile do not add probes
    await vi.advanceTimersByTimeAsync(0);
    expect(probe).toHaveBeenCalledTimes(5);
    reachable = true;
    await vi.advanceTimersByTimeAsync(1000);
    expect(availability.down).toBe(false);
    expect(changes).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(6);
    availability.close();
  });

  it("stops probing when closed", async () => {
    vi.useFakeTimers();
    const probe = vi.fn(async () => {
      throw new Error("down");
    });
    const availability = new DbAvailability(probe);
    availability.suspect();
    await vi.advanceTimersByTimeAsync(0);
    availability.close();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
