import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/actor.js";
import { presentDelivery } from "./presenters.js";
import { withoutAddress } from "./send-delivery.js";
import type { DeliveryRow } from "./repository.js";

const at = new Date("2026-11-30T02:00:00Z");
const row: DeliveryRow = {
  id: "d",
  message_id: "m",
  case_id: "c",
  customer_id: "u",
  channel: "email",
  address: "li.na@example.com",
  status: "failed",
  automatic: false,
  body: "Hello",
  author_name: "Li",
  attempts: 1,
  last_error: "550 <li.na@example.com>: mailbox unavailable",
  next_attempt_at: null,
  transport_message_id: null,
  link_id: null,
  interaction_id: null,
  created_at: at,
  updated_at: at,
  sent_at: null,
};
const staff: Actor = { type: "user", userId: "s", name: "Li", role: "agent", organizationId: "o", tokenId: "t", viaCookie: false };
const partner: Actor = { ...staff, type: "partner", role: "partner_agent" };

describe("a delivery as the API shows it", () => {
  it("shows staff the address and the server's answer, and a partner desk neither", () => {
    expect(presentDelivery(row, staff, true)).toMatchObject({ address: "li.na@example.com", lastError: row.last_error, abilities: ["delivery.retry"] });
    expect(presentDelivery(row, partner, false)).toMatchObject({ address: null, lastError: null, abilities: [] });
  });

  it("keeps the customer's address out of the server's answer written on the case", () => {
    expect(withoutAddress("550 <Li.Na@example.com>: mailbox unavailable", "li.na@example.com")).toBe("550 <…>: mailbox unavailable");
    expect(withoutAddress("451 try later", null)).toBe("451 try later");
    expect(withoutAddress("to +86139.00", "+86139.00")).toBe("to …");
  });
});
