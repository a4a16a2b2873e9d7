import { z } from "zod";
import { answers, id, listNotificationsQuery, notificationPageSchema, notificationPreferencesSchema, notificationSchema, readAllResultSchema, updateNotificationPreferencesBody } from "@tandem/contracts";
import type { RouteApp } from "../../platform/http.js";
import { command } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { authorize } from "./policies.js";
import { presentNotification, presentPreferences } from "./presenters.js";
import { findUser } from "../users/index.js";
import { countUnread, findPreferences, listNotifications, markAllRead, markRead, savePreferences } from "./repository.js";

const tags = ["notifications"];

export function notificationRoutes(app: RouteApp): void {
  app.get("/api/v1/notifications", { schema: { tags, summary: "Your notifications, newest first, with your unread count", querystring: listNotificationsQuery, response: answers({ 200: notificationPageSchema }) } }, async (req) => {
    const actor = authorize(req.actor, "notification.own");
    const [result, unreadCount] = await Promise.all([listNotifications(app.db, actor.userId, req.query), countUnread(app.db, actor.userId)]);
    return { items: result.items.map(presentNotification), nextCursor: result.nextCursor, unreadCount };
  });

  app.post("/api/v1/notifications/:id/read", { schema: { tags, summary: "Mark one of your notifications read", params: z.strictObject({ id }), response: answers({ 200: notificationSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "notification.own");
    await command(req, reply, 200, actor, async (ctx) => {
      const row = await markRead(ctx.tx, actor.userId, req.params.id, ctx.now);
      if (!row) throw notFound("Notification");
      return presentNotification(row);
    });
  });

  app.post("/api/v1/notifications/read-all", { schema: { tags, summary: "Mark all your notifications read", response: answers({ 200: readAllResultSchema }) } }, async (req, reply) => {
    const actor = authorize(req.actor, "notification.own");
    await command(req, reply, 200, actor, async (ctx) => ({ read: await markAllRead(ctx.tx, actor.userId, ctx.now), unreadCount: await countUnread(ctx.tx, actor.userId) }));
  });

  app.get("/api/v1/notifications/preferences", { schema: { tags, summary: "How you want to be told besides the console", response: answers({ 200: notificationPreferencesSchema }) } }, async (req) => {
    const actor = authorize(req.actor, "notification.own");
    return presentPreferences(await findPreferences(app.db, actor.userId), (await findUser(app.db, actor.userId))!);
  });

  app.patch(
    "/api/v1/notifications/preferences",
    { schema: { tags, summary: "Ask for notifications by e-mail too (within your working hours unless urgent), or stop; set your working hours (a weekly schedule in your time zone; null for Monday to Friday 09:00–18:00)", body: updateNotificationPreferencesBody, response: answers({ 200: notificationPreferencesSchema }) } },
    async (req, reply) => {
      const actor = authorize(req.actor, "notification.own");
      await command(req, reply, 200, actor, async (ctx) => presentPreferences(await savePreferences(ctx.tx, actor.userId, req.body, ctx.now), (await findUser(ctx.tx, actor.userId))!));
    },
  );
}
