import net from "node:net";
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { closeWithin, drainOnClose } from "./shutdown.js";

const silent = { info: () => undefined, warn: () => undefined } as unknown as Parameters<typeof closeWithin>[2];

describe("closing the web gracefully", () => {
  it("finishes the request in flight, and answers one arriving on its connection meanwhile 503 shutting_down in the one error shape", async () => {
    const app = Fastify({ forceCloseConnections: false, return503OnClosing: false });
    drainOnClose(app);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const begun = new Promise<void>((r) => (started = r));
    app.get("/slow", async () => {
      started();
      await held;
      return { done: true };
    });
    app.get("/quick", async () => ({ quick: true }));
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const open = (first: string) => {
      const socket = net.connect(port, "127.0.0.1");
      let received = "";
      socket.on("data", (c: Buffer) => (received += c.toString()));
      const answer = new Promise<{ head: string; body: string }>((resolve) =>
        socket.on("close", () => resolve({ head: received.split("\r\n\r\n")[0]!.toLowerCase(), body: received.split("\r\n\r\n").slice(1).join("") })),
      );
      socket.write(first);
      return { socket, answer };
    };
    // /slow is under way when closing starts; another client has begun sending its request.
    const slow = open("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
    await begun;
    const late = open("GET /quick HTTP/1.1\r\nHost: x\r\n");
    await new Promise((r) => setTimeout(r, 200));
    const closing = closeWithin(app, 5_000, silent);
    await new Promise((r) => setTimeout(r, 200));
    late.socket.write("\r\n");
    const meanwhile = await late.answer;
    release();
    // The one whose request was completed once closing had started is not begun: 503 in the one error shape.
    expect(meanwhile.head).toMatch(/^http\/1\.1 503/);
    expect(meanwhile.head).toContain("retry-after: 1");
    expect(meanwhile.head).toContain("connection: close");
    expect(JSON.parse(meanwhile.body)).toEqual({ error: { code: "shutting_down", message: expect.any(String), details: [] } });
    // The request in flight finishes and gets its answer, asking the client to close the connection.
    const finished = await slow.answer;
    expect(finished.head).toMatch(/^http\/1\.1 200/);
    expect(finished.head).toContain("connection: close");
    expect(JSON.parse(finished.body)).toEqual({ done: true });
    await closing;
  });
});
