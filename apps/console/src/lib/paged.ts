/** A cursor-paged list (`{ items, nextCursor }`) on top of TanStack Query's `useInfiniteQuery`. */
import { useCallback, useMemo } from "react";
import { useInfiniteQuery, type QueryKey } from "@tanstack/react-query";

export interface Paged<T> {
  items: T[];
  nextCursor: string | null;
}

export function usePaged<T extends { id: string }>(
  key: QueryKey,
  fetchPage: (cursor: string | undefined, signal: AbortSignal) => Promise<Paged<T>>,
  opts: { enabled?: boolean } = {},
) {
  const q = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opts.enabled,
  });
  const pages = q.data?.pages;
  // The same entry may be on two pages when the list moved between fetches: show it once.
  const items = useMemo(() => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const p of pages ?? []) for (const it of p.items) if (!seen.has(it.id)) { seen.add(it.id); out.push(it); }
    return out;
  }, [pages]);
  const { fetchNextPage, hasNextPage, isFetchingNextPage } = q;
  const loadMore = useCallback(async () => {
    if (!hasNextPage || isFetchingNextPage) return;
    await fetchNextPage({ cancelRefetch: false });
  }, [fetchNextPage, hasNextPage, isFetchingNextPage]);
  return {
    data: q.data,
    error: q.error,
    isLoading: q.isLoading,
    refetch: () => void q.refetch(),
    items,
    hasMore: hasNextPage,
    loadMore,
    loadingMore: isFetchingNextPage,
    moreError: q.isFetchNextPageError ? q.error : null,
  };
}
