/**
 * A small query cache in the spirit of TanStack Query: keyed reads shared by every component
 * that asks, refetched when invalidated (by a mutation or a live change from the server).
 * Keys are arrays; invalidating a prefix refetches every query under it.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";

export type QueryKey = readonly unknown[];

interface Entry<T> {
  data: T | undefined;
  error: unknown;
  status: "idle" | "loading" | "success" | "error";
  fetching: boolean;
  stale: boolean;
  fetcher: ((signal: AbortSignal) => Promise<T>) | null;
  listeners: Set<() => void>;
  controller: AbortController | null;
  version: number;
}

const hash = (key: QueryKey) => JSON.stringify(key);

class QueryClient {
  private entries = new Map<string, Entry<unknown>>();

  entry<T>(key: QueryKey): Entry<T> {
    const h = hash(key);
    let e = this.entries.get(h);
    if (!e) {
      e = { data: undefined, error: null, status: "idle", fetching: false, stale: true, fetcher: null, listeners: new Set(), controller: null, version: 0 };
      this.entries.set(h, e);
    }
    return e as Entry<T>;
  }

  private notify(e: Entry<unknown>): void {
    e.version++;
    for (const l of [...e.listeners]) l();
  }

  async fetch<T>(key: QueryKey): Promise<void> {
    const e = this.entry<T>(key);
    if (!e.fetcher) return;
    e.controller?.abort();
    const controller = new AbortController();
    e.controller = controller;
    e.fetching = true;
    if (e.status === "idle" || e.status === "error") e.status = "loading";
    this.notify(e as Entry<unknown>);
    try {
      const data = await e.fetcher(controller.signal);
      if (controller.signal.aborted) return;
      e.data = data;
      e.error = null;
      e.status = "success";
    } catch (error) {
      if (controller.signal.aborted) return;
      e.error = error;
      e.status = e.data === undefined ? "error" : "success";
    } finally {
      if (e.controller === controller) {
        e.controller = null;
        e.fetching = false;
        e.stale = false;
        this.notify(e as Entry<unknown>);
      }
    }
  }

  setData<T>(key: QueryKey, update: T | ((old: T | undefined) => T)): void {
    const e = this.entry<T>(key);
    e.data = typeof update === "function" ? (update as (old: T | undefined) => T)(e.data) : update;
    e.status = "success";
    this.notify(e as Entry<unknown>);
  }

  getData<T>(key: QueryKey): T | undefined {
    return this.entry<T>(key).data;
  }

  /** Refetch every query whose key starts with `prefix` and is on screen; mark the others stale. */
  invalidate(prefix: QueryKey): void {
    const p = hash(prefix).slice(0, -1);
    for (const [h, e] of this.entries) {
      if (prefix.length === 0 || h === hash(prefix) || h.startsWith(p + ",")) {
        e.stale = true;
        if (e.listeners.size > 0) void this.fetch(JSON.parse(h) as QueryKey);
      }
    }
  }

  invalidateAll(): void {
    this.invalidate([]);
  }

  clear(): void {
    for (const e of this.entries.values()) e.controller?.abort();
    this.entries.clear();
  }

  subscribe(key: QueryKey, listener: () => void): () => void {
    const e = this.entry(key);
    e.listeners.add(listener);
    return () => e.listeners.delete(listener);
  }
}

export const queryClient = new QueryClient();

export interface QueryResult<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  isFetching: boolean;
  refetch: () => void;
}

export function useQuery<T>(key: QueryKey, fetcher: (signal: AbortSignal) => Promise<T>, opts: { enabled?: boolean } = {}): QueryResult<T> {
  const enabled = opts.enabled ?? true;
  const h = hash(key);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const e = queryClient.entry<T>(key);
  e.fetcher = (signal) => fetcherRef.current(signal);

  const version = useSyncExternalStore(
    useCallback((l) => (enabled ? queryClient.subscribe(JSON.parse(h) as QueryKey, l) : () => undefined), [h, enabled]),
    () => queryClient.entry(JSON.parse(h) as QueryKey).version,
  );
  void version;

  useEffect(() => {
    if (!enabled) return;
    const entry = queryClient.entry<T>(JSON.parse(h) as QueryKey);
    if ((entry.stale || entry.status === "idle") && !entry.fetching) void queryClient.fetch(JSON.parse(h) as QueryKey);
  }, [h, enabled]);

  return {
    data: enabled ? e.data : undefined,
    error: e.error,
    isLoading: enabled && e.data === undefined && (e.status === "loading" || e.status === "idle"),
    isFetching: e.fetching,
    refetch: () => void queryClient.fetch(JSON.parse(h) as QueryKey),
  };
}

/** A cursor-paged list: pages are kept together and refetched together when invalidated. */
export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

interface PagesState<T> {
  pages: Paged<T>[];
}

export function useInfiniteQuery<T extends { id: string }>(
  key: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Paged<T>>,
  opts: { enabled?: boolean; maxRefetchPages?: number } = {},
) {
  const maxRefetch = opts.maxRefetchPages ?? 10;
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);
  const q = useQuery<PagesState<T>>(
    key,
    async (signal) => {
      // Refetch as many pages as are loaded (up to a cap), following the fresh cursors.
      const old = queryClient.getData<PagesState<T>>(key);
      const want = Math.max(1, Math.min(old?.pages.length ?? 1, maxRefetch));
      const pages: Paged<T>[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < want; i++) {
        const page = await fetchRef.current(cursor, signal);
        pages.push(page);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      // Pages beyond the cap are kept as they were, so a long scrolled list does not shrink.
      if (old && old.pages.length > want && pages.length === want && pages[want - 1]?.nextCursor) pages.push(...old.pages.slice(want));
      return { pages };
    },
    { enabled: opts.enabled },
  );
  const pages = q.data?.pages ?? [];
  const last = pages[pages.length - 1];
  const hasMore = Boolean(last?.nextCursor);
  const seen = new Set<string>();
  const items: T[] = [];
  for (const p of pages) for (const it of p.items) if (!seen.has(it.id)) (seen.add(it.id), items.push(it));

  const keyHash = hash(key);
  const loadingRef = useRef(false);
  const loadMore = useCallback(async () => {
    const k = JSON.parse(keyHash) as QueryKey;
    const current = queryClient.getData<PagesState<T>>(k);
    const cursor = current?.pages[current.pages.length - 1]?.nextCursor;
    if (!cursor || loadingRef.current) return;
    loadingRef.current = true;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await fetchRef.current(cursor, new AbortController().signal);
      queryClient.setData<PagesState<T>>(k, (old) => ({ pages: [...(old?.pages ?? []), page] }));
    } catch (error) {
      setMoreError(error);
    } finally {
      loadingRef.current = false;
      setLoadingMore(false);
    }
  }, [keyHash]);

  return { ...q, items, hasMore, loadMore, loadingMore, moreError };
}

/** A write: tracks pending and error state; the caller invalidates what it changed. */
export function useMutation<A, R>(fn: (args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const mutate = useCallback(async (args: A): Promise<R | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fnRef.current(args);
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  const reset = useCallback(() => setError(null), []);
  return { mutate, pending, error, reset };
}
