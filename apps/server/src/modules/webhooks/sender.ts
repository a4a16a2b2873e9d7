/**
 * One attempt at a delivery: POST the body to the webhook's URL with Node's own http/https
 * client — no redirect is followed, a partner's host is checked at connection time
 * (`guardedLookup`; an IP literal is checked before connecting), the whole attempt is bounded by
 * the timeout, and at most 64 KB of the answer is read (and dropped).
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { refusedAddress } from "./domain/addresses.js";
import { guardedLookup, hostOf } from "./target.js";

export interface Attempt {
  /** The receiver's HTTP status, or null when there was no answer. */
  status: number | null;
  /** Why it failed (a status is not an error), short enough to show in the log. */
  error: string | null;
}

export interface SendOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  publicOnly: boolean;
  timeoutMs: number;
}

const MAX_ANSWER_BYTES = 64 * 1024;

export function send(options: SendOptions): Promise<Attempt> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return Promise.resolve({ status: null, error: "The URL is not valid." });
  }
  const host = hostOf(url);
  if (options.publicOnly && net.isIP(host)) {
    const reason = refusedAddress(host);
    if (reason) return Promise.resolve({ status: null, error: `${host} is a ${reason}: refused` });
  }
  const client = url.protocol === "https:" ? https : http;
  return new Promise<Attempt>((resolve) => {
    let settled = false;
    const finish = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(attempt);
    };
    const req = client.request(
      url,
      {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(options.body)), ...options.headers },
        ...(options.publicOnly ? { lookup: guardedLookup } : {}),
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on("data", (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const done = () => finish({ status: res.statusCode ?? null, error: null });
        res.on("end", done);
        res.on("close", done);
        res.on("error", done);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish({ status: null, error: `No answer within ${options.timeoutMs} ms.` });
    }, options.timeoutMs);
    req.on("error", (e: NodeJS.ErrnoException) => finish({ status: null, error: (e.message || e.code || "connection failed").slice(0, 500) }));
    req.end(options.body);
  });
}
