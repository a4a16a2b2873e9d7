/**
 * The bell in the header: the unread count (kept live: `notification.created` on the console's
 * stream refetches it), and a list of the latest notifications. Opening one marks it read and goes
 * to its case; "Mark all read" clears the count.
 */
import { ActionIcon, Indicator, Popover, ScrollArea, UnstyledButton } from "@mantine/core";
import type { Notification } from "@tandem/contracts";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useFormat } from "../../lib/format";
import { usePaged } from "../../lib/paged";
import { queryKeys } from "../../lib/queryClient";
import { navigate } from "../../lib/router";
import { useI18n } from "../../i18n";
import { Button, Empty, ErrorAlert, Loading } from "../../ui";
import { Icon } from "../../ui/icons";
import { fetchNotifications, markAllRead, markRead, notificationHref, notificationText, type NotificationPage } from "./api";
import classes from "./NotificationBell.module.css";

export function NotificationBell() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const list = usePaged<Notification>(queryKeys.notifications(), (cursor, signal) => fetchNotifications(cursor, signal));
  const unread = (list.data?.pages[0] as NotificationPage | undefined)?.unreadCount ?? 0;
  const readAll = useMutation({ mutationFn: markAllRead });
  const openOne = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) void markRead(n.id).catch(() => undefined);
    navigate(notificationHref(n));
  };
  const label = unread ? t("notification.bellUnread", { count: unread }) : t("notification.bell");
  return (
    <Indicator label={unread > 99 ? "99+" : unread} size={18} disabled={!unread} offset={4} color="red.8" data-testid="notification-count" data-count={unread}>
      <Popover opened={open} onChange={setOpen} position="bottom-end" width={380} shadow="md" withinPortal trapFocus returnFocus>
        <Popover.Target>
          <ActionIcon variant="subtle" color="gray.8" size="lg" aria-label={label} title={label} onClick={() => setOpen((o) => !o)} data-testid="notification-bell">
            <Icon name="bell" size={20} />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0} data-testid="notification-list" aria-label={t("notification.title")}>
          <div className={classes.head}>
            <h2 className="h3">{t("notification.title")}</h2>
            <Button variant="subtle" onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={!unread} data-testid="notification-read-all">
              {t("notification.readAll")}
            </Button>
          </div>
          <ScrollArea.Autosize mah={420} type="auto">
            {list.isLoading ? <Loading /> : null}
            <ErrorAlert error={list.error ?? readAll.error} onRetry={() => list.refetch()} />
            {list.data && list.items.length === 0 ? <Empty icon="bell">{t("notification.empty")}</Empty> : null}
            <ul className={classes.list}>
              {list.items.map((n) => (
                <li key={n.id}>
                  <NotificationItem n={n} onOpen={openOne} />
                </li>
              ))}
            </ul>
            {list.hasMore ? (
              <div className={classes.more}>
                <Button variant="subtle" onClick={() => void list.loadMore()} loading={list.loadingMore} data-testid="notification-more">
                  {t("common.loadMore")}
                </Button>
              </div>
            ) : null}
          </ScrollArea.Autosize>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const unread = !n.readAt;
  return (
    <UnstyledButton className={classes.item} data-unread={unread || undefined} onClick={() => onOpen(n)} data-testid="notification-item" data-kind={n.kind}>
      <span className={classes.marker} aria-hidden="true" />
      <span className={classes.body}>
        <span className={classes.text}>
          {unread ? <span className="sr-only">{t("notification.unread")} </span> : null}
          {notificationText(t, n)}
          {n.urgent ? <span className={classes.urgent}> · {t("priority.urgent")}</span> : null}
        </span>
        {n.subject.title ? <span className={classes.subject}>{n.subject.title}</span> : null}
        <time className={classes.when} dateTime={n.createdAt} title={fmt.dateTime(n.createdAt)}>
          {fmt.relative(n.createdAt)}
        </time>
      </span>
    </UnstyledButton>
  );
}
