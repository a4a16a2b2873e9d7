/** The one table pattern: a caption for screen readers, headed columns, a row per item, an empty state. */
import { Table } from "@mantine/core";
import type { HTMLAttributes, ReactNode } from "react";
import { Empty } from "./feedback";

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
}

export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  testId,
  rowProps,
}: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  testId?: string;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string | undefined>;
}) {
  if (rows.length === 0) return <Empty testId={testId}>{empty}</Empty>;
  return (
    // A narrow screen scrolls the table, not the page; the keyboard can scroll it too (focusable region).
    <Table.ScrollContainer minWidth={480} type="native" pos="relative" tabIndex={0} role="region" aria-label={caption}>
      <Table striped highlightOnHover verticalSpacing={6} data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} className={c.className}>
                {c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((c) => (
                <Table.Td key={c.key} className={c.className}>
                  {c.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
