/**
 * A customer made through the API or by a contact goes through resolution too: an exact strong
 * identity already found them; a probable match only queues a suggestion, never a link.
 */
import type { Ctx } from "../../../platform/context.js";
import { blockingKeys, decide } from "../domain/matching.js";
import { addBlockKeys, blockCandidates, insertSuggestion } from "../identity-repository.js";
import type { CustomerRow } from "../repository.js";
import { matchRecordOfRow } from "./resolve-batch.js";

export async function queueProbableMatch(ctx: Ctx, customer: CustomerRow): Promise<void> {
  const record = matchRecordOfRow(customer);
  const keys = blockingKeys(record);
  const candidates = (await blockCandidates(ctx.tx, keys)).filter((c) => c.id !== customer.id).map((row) => ({ customerId: row.id, records: [matchRecordOfRow(row)] }));
  const decision = decide(record, [], candidates);
  if (decision.decision !== "new") {
    await insertSuggestion(ctx.tx, { customerId: customer.id, candidateId: decision.candidateId, score: decision.score, reason: "probable_match", explanation: decision.explanation }, ctx.now);
  }
  await addBlockKeys(ctx.tx, customer.id, keys);
}
