/** A test client for the live stream (GET /api/v1/stream over a real socket): what it heard, and how it ended. */
import { expect } from "vitest";

export interface OpenStream {
  notes: { type: string; payload: { caseId?: string } }[];
  /** The reason of the server's `event: closed`, once sent. */
  closedReason: string | null;
  /** Resolves when the server ended the stream (or the client closed it). */
  ended: Promise<void>;
  /** Everything heard so far, as sent. */
  text(): string;
  /** Resolves once `pattern` has occurred `times` times on the stream; throws after `timeoutMs`. */
  waitFor(pattern: string, times?: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens a stream for `token` and reads it in the background; the answer must be 200. */
export async function openStream(base: string, token: string): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(res.status, await (res.status === 200 ? Promise.resolve("") : res.text())).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/event-stream");
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let text = "";
  const count = (pattern: string) => text.split(pattern).length - 1;
  const stream: OpenStream = {
    notes: [],
    closedReason: null,
    ended: Promise.resolve(),
    text: () => text,
    async waitFor(pattern, times = 1, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (count(pattern) < times) {
        if (Date.now() > deadline) throw new Error(`"${pattern}" seen ${count(pattern)} of ${times} times within ${timeoutMs} ms; stream so far:\n${text.slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => controller.abort(),
  };
  stream.ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        text += chunk;
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (block.includes("event: change") && data) stream.notes.push(JSON.parse(data.slice(6)));
          if (block.includes("event: closed") && data) stream.closedReason = (JSON.parse(data.slice(6)) as { reason: string }).reason;
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return stream;
}

/** Waits until `check` holds, polling, for at most `ms`; returns whether it held. */
export async function waitFor(check: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}
