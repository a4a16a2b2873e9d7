/** The list side of an admin tab: a search box, a server-paged table, "Load more". */
import { useState, type ReactNode } from "react";
import { TextInput as MantineTextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useI18n } from "../../i18n";
import { usePaged, type Paged } from "../../lib/paged";
import { Button, DataTable, ErrorAlert, Loading, type Column } from "../../ui";
import { Icon } from "../../ui/icons";

export function AdminList<T extends { id: string }>({
  queryKey,
  fetchPage,
  columns,
  caption,
  empty,
  testId,
  rowProps,
  searchLabel,
  extraError,
}: {
  queryKey: readonly unknown[];
  fetchPage: (text: string, cursor: string | undefined, signal: AbortSignal) => Promise<Paged<T>>;
  columns: Column<T>[];
  caption: string;
  empty: ReactNode;
  testId: string;
  rowProps?: (row: T) => Record<string, string | undefined>;
  searchLabel?: string;
  extraError?: unknown;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [typed] = useDebouncedValue(text.trim(), 250);
  const list = usePaged<T>([...queryKey, { q: typed }], (cursor, signal) => fetchPage(typed, cursor, signal));
  return (
    <section className="card stack">
      {searchLabel ? (
        <MantineTextInput aria-label={searchLabel} placeholder={searchLabel} leftSection={<Icon name="search" size={16} />} value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid={`${testId}-search`} />
      ) : null}
      {list.isLoading ? <Loading /> : null}
      <ErrorAlert error={list.error ?? extraError} onRetry={list.refetch} />
      {list.data ? <DataTable caption={caption} columns={columns} rows={list.items} rowKey={(r) => r.id} empty={empty} testId={testId} rowProps={rowProps} /> : null}
      {list.hasMore ? (
        <Button onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid={`${testId}-more`}>
          {t("common.loadMore")}
        </Button>
      ) : null}
    </section>
  );
}
