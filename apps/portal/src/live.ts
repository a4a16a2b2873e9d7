/**
 * Follows the customer's case live through the server's change stream (`GET /api/v1/stream`,
 * server-sent events), which only tells a link about its own case. EventSource cannot send the
 * link token as a bearer header, so the stream is read with fetch.
 */

export interface SseFrame {
  event: string;
  data: string;
}

/**
 * Turns a text stream into server-sent event frames: `field: value` lines, a blank line ends a
 * frame, `:` lines are comments (the server's keep-alives). Lines may end in \n or \r\n.
 */
export function sseParser(): (chunk: string) => SseFrame[] {
  let buffer = "";
  let event = "";
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r?\n/);
    buffer = lines.pop() ?? "";
    const frames: SseFrame[] = [];
    for (const line of lines) {
      if (line === "") {
        if (data.length) frames.push({ event: event || "message", data: data.join("\n") });
        event = "";
        data = [];
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
    return frames;
  };
}

export type LiveState = "connecting" | "live" | "down";

export interface FollowOptions {
  /** The case may have changed (or, after a gap, anything may have): fetch it again. */
  onChange: () => void;
  onState: (state: LiveState) => void;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
// The server sends a keep-alive every 20 s; a connection silent for longer died without saying so
// (common on mobile data), so drop it and connect again.
const SILENCE_MS = 45_000;
// One change on the server is often several events (a reply, then the status it moved): fetch once.
const BURST_MS = 50;

/** Opens the stream and keeps it open, reconnecting with back-off; returns the function that stops it. */
export function followCase(token: string, { onChange, onState }: FollowOptions): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let retryDelay = FIRST_RETRY_MS;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let burst: ReturnType<typeof setTimeout> | undefined;
  let silence: ReturnType<typeof setTimeout> | undefined;

  const changed = () => {
    burst ??= setTimeout(() => {
      burst = undefined;
      onChange();
    }, BURST_MS);
  };

  const connect = async () => {
    onState("connecting");
    const attempt = new AbortController();
    controller = attempt;
    const listen = () => {
      clearTimeout(silence);
      silence = setTimeout(() => attempt.abort(), SILENCE_MS);
    };
    try {
      listen();
      const response = await fetch("/api/v1/stream", { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, cache: "no-store", signal: attempt.signal });
      // A refused link (expired, withdrawn): fetching the case makes the page say why.
      if (response.status === 401 || response.status === 403) changed();
      if (!response.ok || !response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) return;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const parse = sseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        listen();
        for (const frame of parse(decoder.decode(value, { stream: true }))) {
          if (frame.event === "ready") {
            retryDelay = FIRST_RETRY_MS;
            onState("live");
            // Whatever changed before the stream was open (or while it was down) was not heard.
            changed();
          } else if (frame.event === "change" || frame.event === "resync") changed(); // resync: changes may have been missed
        }
      }
    } catch {
      // Network error, or aborted: by stop(), or for silence.
    } finally {
      clearTimeout(silence);
      if (!stopped) {
        onState("down");
        // Jitter keeps many pages from reconnecting at the same moment after a server restart.
        retry = setTimeout(() => void connect(), retryDelay * (0.75 + Math.random() / 2));
        retryDelay = Math.min(retryDelay * 2, MAX_RETRY_MS);
      }
    }
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(burst);
    clearTimeout(silence);
    controller?.abort();
  };
}
