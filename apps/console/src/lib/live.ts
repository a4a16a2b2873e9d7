/**
 * Live updates: the server's change stream (Server-Sent Events on the session cookie). Each change
 * invalidates the queries it touches, so open screens refetch within a moment. Without the stream
 * (not deployed yet, or the network drops) the console keeps working, just without live updates.
 */
import type { Notification } from "@tandem/contracts";
import { queryClient, queryKeys, type AppQueryKey as QueryKey } from "./queryClient";

export interface ChangeMessage {
  id: string;
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload?: { caseId?: string | null; customerId?: string | null; status?: string; ownerOrganizationId?: string; partyOrganizationIds?: string[] };
}

export function keysFor(change: ChangeMessage): QueryKey[] {
  const keys: QueryKey[] = [queryKeys.cases(), queryKeys.find(), queryKeys.supervisorDashboard()];
  const caseId = change.payload?.caseId ?? (change.aggregateType === "case" ? change.aggregateId : null);
  const customerId = change.payload?.customerId ?? (change.aggregateType === "customer" ? change.aggregateId : null);
  if (caseId) keys.push(queryKeys.case(caseId), queryKeys.events(caseId));
  if (customerId) keys.push(queryKeys.timeline(customerId), queryKeys.customer(customerId));
  // A task given, done or closed (a resolve closes them too): every task list on screen.
  if (change.type.startsWith("task.") || change.type === "case.resolved") keys.push(["tasks"]);
  return keys;
}

export type LiveState = "connecting" | "live" | "offline";

/** The data of a `notification.created` event: the new notification is in `payload.notification`. */
export function notificationOf(data: string): Notification | null {
  try {
    const n = (JSON.parse(data) as { payload?: { notification?: Notification } }).payload?.notification;
    return n && typeof n === "object" && typeof n.id === "string" ? n : null;
  } catch {
    return null;
  }
}

export function startLive(onState: (s: LiveState) => void, onNotification?: (n: Notification) => void): () => void {
  if (typeof EventSource === "undefined") {
    onState("offline");
    return () => undefined;
  }
  let source: EventSource | null = null;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let delay = 2000;
  let wasLive = false;
  const pending = new Map<string, QueryKey>();
  let flush: ReturnType<typeof setTimeout> | null = null;

  const schedule = (keys: QueryKey[]) => {
    for (const k of keys) pending.set(JSON.stringify(k), k);
    // Changes arrive in bursts (one command, several events): refetch once per burst.
    flush ??= setTimeout(() => {
      flush = null;
      const ks = [...pending.values()];
      pending.clear();
      for (const k of ks) void queryClient.invalidateQueries({ queryKey: k });
    }, 40);
  };

  const connect = () => {
    if (stopped) return;
    onState("connecting");
    source = new EventSource("/api/v1/stream", { withCredentials: true });
    source.onopen = () => {
      delay = 2000;
      onState("live");
      // After a gap, anything may have changed: refresh what is on screen.
      if (wasLive) void queryClient.invalidateQueries();
      wasLive = true;
    };
    source.addEventListener("change", (e) => {
      try {
        schedule(keysFor(JSON.parse((e as MessageEvent<string>).data) as ChangeMessage));
      } catch {
        /* a malformed message is ignored */
      }
    });
    // One of the user's own notifications: the bell's count and list refetch.
    source.addEventListener("notification.created", (e) => {
      schedule([queryKeys.notifications()]);
      const n = notificationOf((e as MessageEvent<string>).data);
      if (n) onNotification?.(n);
    });
    // The server lost the database's notifications for a while: anything may have changed.
    source.addEventListener("resync", () => void queryClient.invalidateQueries());
    source.onerror = () => {
      if (!source) return;
      // EventSource retries by itself while the connection merely dropped; when the server
      // refused the stream (404, 401, wrong type) it gives up, so try again later ourselves.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        source = null;
        onState("offline");
        retry = setTimeout(connect, delay);
        delay = Math.min(delay * 2, 60_000);
      } else onState("connecting");
    };
  };
  connect();
  return () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    if (flush) clearTimeout(flush);
    source?.close();
  };
}
