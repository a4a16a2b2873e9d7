/**
 * Delivery: every public case message goes out to the customer on their channel (e-mail or a
 * text), with a fresh customer link, on the platform's due work with retries; what became of it
 * is on the case. New complaints are acknowledged at once.
 */
export { deliveryRoutes } from "./routes.js";
export { deliverMessage, SEND_DELIVERY } from "./queue-delivery.js";
export { acknowledgeComplaint } from "./acknowledge.js";
export { sendDelivery, DELIVERY_BACKOFF, type DeliveryServices } from "./send-delivery.js";
export { addDeliveryHandlers, deliveryServices } from "./handlers.js";
export { withdrawPendingDeliveries } from "./withdraw-deliveries.js";
