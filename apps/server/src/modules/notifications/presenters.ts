/** Notifications as the API and the live stream show them. */
import type { Notification, NotificationKind, NotificationPreferences, NotificationSubjectType, WorkingInterval } from "@tandem/contracts";
import type { ActorRef } from "../../platform/actor.js";
import { iso, isoRequired } from "../../platform/pagination.js";
import type { NotificationRow, PreferencesRow } from "./repository.js";
import { DEFAULT_WORKING_HOURS } from "./domain/working-hours.js";

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

/** A user's preferences; a user who never set them gets no e-mail and the default working hours. */
export const presentPreferences = (p: PreferencesRow | null, user: { time_zone: string }): NotificationPreferences => ({
  email: p?.email ?? false,
  workingHours: Array.isArray(p?.working_hours) ? (p.working_hours as unknown as WorkingInterval[]) : [...DEFAULT_WORKING_HOURS],
  timeZone: user.time_zone,
});
