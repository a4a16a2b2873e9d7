/** Notifications as the API and the live stream show them. */
import type { Notification, NotificationKind, NotificationSubjectType } from "@tandem/contracts";
import type { ActorRef } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import type { NotificationRow } from "./repository.js";

export const presentNotification = (r: NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind as NotificationKind,
  subject: { type: r.subject_type as NotificationSubjectType, id: r.subject_id, label: r.subject_label, title: r.subject_title },
  actor: r.actor as unknown as ActorRef,
  data: r.data as Record<string, unknown>,
  urgent: r.urgent,
  readAt: iso(r.read_at),
  createdAt: isoRequired(r.created_at),
});
