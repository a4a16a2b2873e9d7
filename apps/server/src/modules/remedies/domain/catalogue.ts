/**
 * The catalogue as the rules read it: remedy kinds with their value per unit, reasons with their
 * limits, the authority matrix, and the settings (the goodwill cap, the approval deadline). Plain
 * data, loaded by the repository; the defaults a fresh install ships with are in the migration
 * (0015_remedies.sql) and listed in the README.
 */
import { DECIDING_ROLES, FAULTS, REMEDY_KINDS, type Fault, type RemedyKind } from "@tandem/contracts";
import { times, type Money } from "./money.js";

export { DECIDING_ROLES, FAULTS, REMEDY_KINDS, type Fault, type RemedyKind };
/** Kinds counted in units (points, services) rather than in money. */
export const UNIT_KINDS: readonly RemedyKind[] = ["points", "free_service"];

/** The company bears the whole loss when it or its partner is at fault. */
export const companyBears = (fault: Fault): boolean => fault === "company" || fault === "partner";

export type DecidingRole = (typeof DECIDING_ROLES)[number];
export type ApproverRole = Exclude<DecidingRole, "agent">;

export interface KindPolicy {
  kind: RemedyKind;
  /** Minor units one point or one service is worth; null for money kinds. */
  unitValueMinor: number | null;
  currency: string;
}

export interface ReasonLimit {
  /** At most this many granted remedies for the reason … */
  count: number;
  /** … per customer within this many days, rolling. */
  windowDays: number;
  /** Counted whatever the fault; otherwise only when the company (or partner) is not at fault. */
  appliesToAll: boolean;
  /** What a claim beyond the limit becomes. */
  beyond: "declined" | "pending_approval";
}

export interface ReasonPolicy {
  code: string;
  labelEn: string;
  labelZh: string;
  kinds: readonly RemedyKind[];
  limit: ReasonLimit | null;
  active: boolean;
}

/** What one role may grant at once, in minor units; null: no ceiling. */
export interface Authority {
  companyFault: number | null;
  otherFault: number | null;
}

export type AuthorityMatrix = Record<DecidingRole, Authority>;

export interface RemedySettings {
  currency: string;
  /** Goodwill (no company fault) a customer may receive within the window; null: no cap. */
  goodwillCapMinor: number | null;
  goodwillCapWindowDays: number;
  /** How long an approver has before the request escalates. */
  approvalMinutes: number;
}

/** A remedy's money value: its value, or its units times the kind's value per unit. */
export function valueOf(kind: KindPolicy, request: { value?: Money | null; quantity?: number | null }): { ok: true; value: Money } | { ok: false; reason: string } {
  if (request.value) return { ok: true, value: request.value };
  if (request.quantity === undefined || request.quantity === null) return { ok: false, reason: `Give the ${kind.kind === "points" || kind.kind === "free_service" ? "value or the quantity" : "value"} of the remedy.` };
  if (kind.unitValueMinor === null) return { ok: false, reason: `A ${kind.kind} is given as a value, not a quantity.` };
  return { ok: true, value: times(kind.unitValueMinor, request.quantity, kind.currency) };
}
