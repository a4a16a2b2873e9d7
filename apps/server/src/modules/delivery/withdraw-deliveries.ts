import type { Ctx } from "../../platform/context.js";
import { cancel } from "../../platform/due/index.js";
import { deletePendingDeliveries } from "./repository.js";
import { SEND_DELIVERY } from "./queue-delivery.js";

/**
 * Forgets the deliveries of these cases not sent yet, and their due work: for messages that are
 * history rather than news (the demo workspace's stories, written as if hours ago, to customers
 * at made-up addresses), which must never go out — not even when a mail server is configured.
 */
export async function withdrawPendingDeliveries(ctx: Pick<Ctx, "tx">, caseIds: readonly string[]): Promise<number> {
  const ids = await deletePendingDeliveries(ctx.tx, caseIds);
  for (const id of ids) await cancel(ctx, SEND_DELIVERY, id);
  return ids.length;
}
