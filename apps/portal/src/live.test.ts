import { afterEach, describe, expect, it, vi } from "vitest";
import { followCase, sseParser, type LiveState } from "./live";

describe("sseParser", () => {
  it("reads frames split anywhere across chunks, skips comments, joins data lines", () => {
    const parse = sseParser();
    expect(parse("retry: 2000\nevent: ready\nda")).toEqual([]);
    expect(parse('ta: {}\n\n: keep-alive\n\nid: 7\r\nevent: change\r\ndata: {"a":1}\r\n')).toEqual([{ event: "ready", data: "{}" }]);
    expect(parse("\r\ndata: one\ndata:two\n\n")).toEqual([
      { event: "change", data: '{"a":1}' },
      { event: "message", data: "one\ntwo" },
    ]);
  });

  it("dispatches nothing for a frame without data", () => {
    const parse = sseParser();
    expect(parse("event: change\n\n")).toEqual([]);
    expect(parse("data: x\n\n")).toEqual([{ event: "message", data: "x" }]);
  });
});

/** A server-sent event response whose body the test writes to, and ends. */
function streamResponse() {
  let push!: (text: string) => void;
  let end!: () => void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => controller.enqueue(new TextEncoder().encode(text));
      end = () => controller.close();
    },
  });
  const response = new Response(body, { headers: { "content-type": "text/event-stream; charset=utf-8" } });
  return { response, push, end };
}

describe("followCase", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it("sends the token, refetches once per burst of changes and on a resync, and reconnects with back-off when the stream ends", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5); // no jitter
    const streams = [streamResponse(), streamResponse()];
    const fetchMock = vi.fn(async (_url: string, _init: RequestInit) => streams[fetchMock.mock.calls.length - 1]!.response);
    vi.stubGlobal("fetch", fetchMock);
    const states: LiveState[] = [];
    const onChange = vi.fn();
    const stop = followCase("tcl_token", { onChange, onState: (s) => states.push(s) });

    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe("/api/v1/stream");
    expect(new Headers(fetchMock.mock.calls[0]![1].headers).get("authorization")).toBe("Bearer tcl_token");
    streams[0]!.push("event: ready\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(100);
    expect(states).toEqual(["connecting", "live"]);
    expect(onChange).toHaveBeenCalledTimes(1); // what changed before the stream was open

    streams[0]!.push("event: change\ndata: {}\n\nevent: change\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(100);
    expect(onChange).toHaveBeenCalledTimes(2);

    // The server lost the database's notifications and has them back: what was missed is fetched.
    streams[0]!.push("event: resync\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(100);
    expect(onChange).toHaveBeenCalledTimes(3);

    streams[0]!.end();
    await vi.advanceTimersByTimeAsync(10);
    expect(states.at(-1)).toBe("down");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    streams[1]!.push("event: ready\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(100);
    expect(states.at(-1)).toBe("live");
    expect(onChange).toHaveBeenCalledTimes(4);

    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it("backs off up to 30 s while the server is unreachable, and drops a connection that falls silent", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.5); // no jitter
    const silent = streamResponse();
    const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
      if (fetchMock.mock.calls.length === 1) {
        init.signal!.addEventListener("abort", () => silent.end());
        return silent.response;
      }
      throw new TypeError("Failed to fetch");
    });
    vi.stubGlobal("fetch", fetchMock);
    const states: LiveState[] = [];
    const stop = followCase("tcl_token", { onChange: () => undefined, onState: (s) => states.push(s) });
    silent.push("event: ready\ndata: {}\n\n");
    await vi.advanceTimersByTimeAsync(44_000);
    expect(states).toEqual(["connecting", "live"]);
    await vi.advanceTimersByTimeAsync(1_500); // 45 s without a byte: dropped; the first retry waits 1 s
    expect(states.at(-1)).toBe("down");
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    // Then 2, 4, 8, 16 and 30 s, and never longer.
    await vi.advanceTimersByTimeAsync(2_000 + 4_000 + 8_000 + 16_000 + 30_000 + 100);
    expect(fetchMock).toHaveBeenCalledTimes(7);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(fetchMock).toHaveBeenCalledTimes(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fetchMock).toHaveBeenCalledTimes(8);
    stop();
  });
});
