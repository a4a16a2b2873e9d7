/**
 * Profile fields beside identities (given and family name, birth date, address), each value with
 * the source it came from. Pure functions over a flat form keyed by field (`address.postcode`).
 * A value is filled where the profile has none; a value already there stays, with its source: a
 * second system's different spelling does not overwrite the first (resolution and review decide).
 */
import { ADDRESS_PARTS, PROFILE_FIELDS, type AddressPart, type ProfileField } from "@tandem/contracts";

export type FlatProfile = Partial<Record<ProfileField, string>>;
export type ProfileSources = Partial<Record<ProfileField, { source: string; at: string }>>;

export interface ProfileColumns {
  given_name: string | null;
  family_name: string | null;
  birth_date: string | null;
  address: unknown;
  profile_sources: unknown;
}

export function flatProfile(row: ProfileColumns): FlatProfile {
  const out: FlatProfile = {};
  if (row.given_name) out.givenName = row.given_name;
  if (row.family_name) out.familyName = row.family_name;
  if (row.birth_date) out.birthDate = row.birth_date;
  const address = (row.address ?? {}) as Partial<Record<AddressPart, string>>;
  for (const part of ADDRESS_PARTS) if (address[part]) out[`address.${part}`] = address[part];
  return out;
}

export function profileColumns(profile: FlatProfile, sources: ProfileSources): ProfileColumns {
  const address: Partial<Record<AddressPart, string>> = {};
  for (const part of ADDRESS_PARTS) if (profile[`address.${part}`]) address[part] = profile[`address.${part}`];
  return {
    given_name: profile.givenName ?? null,
    family_name: profile.familyName ?? null,
    birth_date: profile.birthDate ?? null,
    address: Object.keys(address).length ? address : null,
    profile_sources: sources,
  };
}

/** Fills the fields the profile lacks from `incoming`, remembering `source`; says which fields changed. */
export function fillProfile(current: FlatProfile, sources: ProfileSources, incoming: FlatProfile, source: string, at: Date): { profile: FlatProfile; sources: ProfileSources; filled: ProfileField[] } {
  const profile = { ...current };
  const nextSources = { ...sources };
  const filled: ProfileField[] = [];
  for (const field of PROFILE_FIELDS) {
    const value = incoming[field]?.trim();
    if (!value || profile[field]) continue;
    profile[field] = value;
    nextSources[field] = { source, at: at.toISOString() };
    filled.push(field);
  }
  return { profile, sources: nextSources, filled };
}

/** The profile a request gives (`address: { postcode }` → `address.postcode`). */
export function profileFromInput(input: { givenName?: string; familyName?: string; birthDate?: string; address?: Partial<Record<AddressPart, string>> }): FlatProfile {
  const out: FlatProfile = {};
  if (input.givenName) out.givenName = input.givenName;
  if (input.familyName) out.familyName = input.familyName;
  if (input.birthDate) out.birthDate = input.birthDate;
  for (const part of ADDRESS_PARTS) if (input.address?.[part]) out[`address.${part}`] = input.address[part];
  return out;
}

/**
 * The survivor's profile after a merge: its own values stay; what it lacks comes from the merged
 * record, with that record's source. Says which fields came over (what an unmerge takes back).
 */
export function mergeProfiles(survivor: FlatProfile, survivorSources: ProfileSources, merged: FlatProfile, mergedSources: ProfileSources): { profile: FlatProfile; sources: ProfileSources; filled: ProfileField[] } {
  const profile = { ...survivor };
  const sources = { ...survivorSources };
  const filled: ProfileField[] = [];
  for (const field of PROFILE_FIELDS) {
    if (profile[field] || !merged[field]) continue;
    profile[field] = merged[field];
    const from = mergedSources[field];
    if (from) sources[field] = from;
    filled.push(field);
  }
  return { profile, sources, filled };
}

/** Takes back what a merge filled in, where the value is still the one the merge brought. */
export function unmergeProfile(current: FlatProfile, sources: ProfileSources, filled: { field: ProfileField; value: string }[]): { profile: FlatProfile; sources: ProfileSources } {
  const profile = { ...current };
  const nextSources = { ...sources };
  for (const { field, value } of filled) {
    if (profile[field] !== value) continue;
    delete profile[field];
    delete nextSources[field];
  }
  return { profile, sources: nextSources };
}
