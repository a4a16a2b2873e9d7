import { describe, expect, it } from "vitest";
import { fillProfile, flatProfile, mergeProfiles, profileColumns, profileFromInput, unmergeProfile } from "./profile.js";

const at = new Date("2026-11-20T08:00:00Z");

describe("profile values and their sources", () => {
  it("fills only what is missing, remembering where each value came from", () => {
    const first = fillProfile({}, {}, { givenName: "Fang", familyName: "Wang", "address.postcode": "100010" }, "crm", at);
    expect(first.filled).toEqual(["givenName", "familyName", "address.postcode"]);
    const later = new Date("2026-11-21T08:00:00Z");
    const second = fillProfile(first.profile, first.sources, { givenName: "Fan", birthDate: "1980-02-03", "address.postcode": " " }, "booking", later);
    expect(second.filled).toEqual(["birthDate"]);
    expect(second.profile).toEqual({ givenName: "Fang", familyName: "Wang", birthDate: "1980-02-03", "address.postcode": "100010" });
    expect(second.sources.givenName).toEqual({ source: "crm", at: at.toISOString() });
    expect(second.sources.birthDate).toEqual({ source: "booking", at: later.toISOString() });
  });

  it("round-trips through the table's columns", () => {
    const profile = profileFromInput({ givenName: "Lei", familyName: "Li", birthDate: "1990-01-01", address: { locality: "Beijing", country: "CN" } });
    expect(profile).toEqual({ givenName: "Lei", familyName: "Li", birthDate: "1990-01-01", "address.locality": "Beijing", "address.country": "CN" });
    const columns = profileColumns(profile, {});
    expect(columns.address).toEqual({ locality: "Beijing", country: "CN" });
    expect(flatProfile(columns)).toEqual(profile);
    expect(profileColumns({}, {}).address).toBeNull();
  });
});

describe("merging profiles, and taking a merge back", () => {
  it("keeps the survivor's values, fills the rest from the merged record with its source, and unmerge removes exactly those", () => {
    const crm = { source: "crm", at: at.toISOString() };
    const booking = { source: "booking", at: at.toISOString() };
    const merged = mergeProfiles({ givenName: "Fang", familyName: "Wang" }, { givenName: crm, familyName: crm }, { givenName: "Fan", birthDate: "1985-04-12", "address.postcode": "100010" }, { givenName: booking, birthDate: booking, "address.postcode": booking });
    expect(merged.profile).toEqual({ givenName: "Fang", familyName: "Wang", birthDate: "1985-04-12", "address.postcode": "100010" });
    expect(merged.filled).toEqual(["birthDate", "address.postcode"]);
    expect(merged.sources.birthDate).toEqual(booking);
    // Since the merge, someone corrected the postcode: that value stays.
    const later = { ...merged.profile, "address.postcode": "100011" };
    const back = unmergeProfile(later, merged.sources, merged.filled.map((field) => ({ field, value: merged.profile[field]! })));
    expect(back.profile).toEqual({ givenName: "Fang", familyName: "Wang", "address.postcode": "100011" });
    expect(back.sources).toEqual({ givenName: crm, familyName: crm, "address.postcode": booking });
  });
});
