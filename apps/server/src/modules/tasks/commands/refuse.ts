import { AppError } from "../../../platform/errors.js";
import type { Refusal } from "../domain/rules.js";

/** A rule's refusal as the API's error. */
export const refusal = (r: Refusal): AppError => new AppError(r.status, r.code, r.message, r.details ?? []);

/** Tasks are the organisations' business, not the customer's: their outbox events go to the case's organisations only. */
export const TO_PARTIES = { data: () => ({ visibility: "internal" }) };
