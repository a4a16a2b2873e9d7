/**
 * A real SMTP server for tests (the `smtp-server` package on a free port), which parses what it
 * receives with `mailparser`. It can be told to refuse mail (a 451, "try again later", or a 550).
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface TestMailServer {
  url: string;
  received: ParsedMail[];
  /** Authenticated user names seen, one per mail. */
  users: string[];
  /** null: accept; otherwise the reply code of the refusal (451 or 550). */
  refuse: number | null;
  close(): Promise<void>;
}

export async function startMailServer(auth: { user: string; pass: string }): Promise<TestMailServer> {
  const state: Omit<TestMailServer, "url" | "close"> = { received: [], users: [], refuse: null };
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(a, _session, callback) {
      if (a.username === auth.user && a.password === auth.pass) callback(null, { user: a.username });
      else callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const refuse = state.refuse;
      simpleParser(stream)
        .then((mail) => {
          if (refuse !== null) {
            callback(Object.assign(new Error(refuse >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: refuse }));
            return;
          }
          state.received.push(mail);
          state.users.push(String(session.user ?? ""));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, {
    url: `smtp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
