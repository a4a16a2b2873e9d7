// The webhooks module's public face: its routes, the relay's subscriber and the due work that sends deliveries.
export { webhookRoutes } from "./routes.js";
export { addWebhookDelivery, installIdOf, LOOP_HEADER, USER_AGENT, webhookSubscriber, type DeliverySettings } from "./delivery.js";
