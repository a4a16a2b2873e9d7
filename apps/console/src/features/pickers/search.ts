/** What the pickers ask the server: one page of matches for what was typed, never the whole list. */
import type { Case, Organization, Page, User } from "@tandem/contracts";
import { get } from "../../lib/api";

export const PICKER_PAGE = 20;

/** The query of a search as typed: trimmed, and nothing rather than an empty `q`. */
export function searchParams(text: string, extra: Record<string, string> = {}): Record<string, string | number> {
  const q = text.trim().slice(0, 200);
  return { limit: PICKER_PAGE, ...(q ? { q } : {}), ...extra };
}

/** Active users whose name or e-mail contains `text`. */
export const searchUsers = (text: string, signal?: AbortSignal) => get<Page<User>>("/api/v1/users", searchParams(text, { active: "true" }), signal).then((p) => p.items);

/** Organisations whose name contains `text`. */
export const searchOrganizations = (text: string, signal?: AbortSignal) => get<Page<Organization>>("/api/v1/organizations", searchParams(text), signal).then((p) => p.items);

/** Cases whose number or subject matches `text`, in any status (a link may point to a closed case). */
export const searchCases = (text: string, signal?: AbortSignal) => get<Page<Case>>("/api/v1/cases", searchParams(text, { status: "open,waiting_on_customer,waiting_on_party,resolved,closed" }), signal).then((p) => p.items);
