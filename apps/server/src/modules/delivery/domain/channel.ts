/**
 * Which channel a message to the customer goes out on, as a pure function: their preferred
 * channel when they have an identity for it, else e-mail when they have an address, else a text
 * message to a phone; none of these, and the message is undeliverable (said on the case).
 */

export type DeliveryChannel = "email" | "sms";

export interface Reachable {
  kind: string;
  value: string;
}

/** The channels each preferred channel is served by, in order (a phone call or a text: the phone). */
const SERVED_BY: Record<string, DeliveryChannel> = { email: "email", sms: "sms", phone: "sms" };
const IDENTITY_OF: Record<DeliveryChannel, string> = { email: "email", sms: "phone" };

export function chooseChannel(preferred: string | null, identities: readonly Reachable[]): { channel: DeliveryChannel; address: string } | null {
  const on = (channel: DeliveryChannel) => {
    const identity = identities.find((i) => i.kind === IDENTITY_OF[channel]);
    return identity ? { channel, address: identity.value } : null;
  };
  const wanted = preferred ? SERVED_BY[preferred] : undefined;
  return (wanted && on(wanted)) || on("email") || on("sms");
}
