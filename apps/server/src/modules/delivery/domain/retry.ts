/** Which deliveries may be sent again, as a pure function. */
import type { DeliveryStatus } from "@tandem/contracts";

/**
 * A parked delivery (`failed`) may be sent again, and so may one that was only logged
 * (`logged_only`: sent again once a mail server is configured). One being sent, one sent, and one
 * with nowhere to go (`undeliverable`: add an address to the customer, then write again) may not.
 */
export function canRetry(status: DeliveryStatus): { ok: true } | { ok: false; reason: string } {
  switch (status) {
    case "failed":
    case "logged_only":
      return { ok: true };
    case "pending":
      return { ok: false, reason: "This message is being sent." };
    case "sent":
      return { ok: false, reason: "This message was sent; write again to send something new." };
    case "undeliverable":
      return { ok: false, reason: "The customer has no e-mail address or phone to send it to; add one and write again." };
  }
}
