/** Notifications: stored per user, pushed live to their consoles, raised by other modules with `notify`. */
export { notify, notifyMany, type NotifyInput, type NotificationSubject, type Recipient } from "./notify.js";
export { notificationRoutes } from "./routes.js";
export { addNotificationEmailHandlers, EMAIL_NOTIFICATION } from "./email.js";
