import { describe, expect, it } from "vitest";
import { blockingKeys, compare, compareDates, decide, estimateParameters, jaroWinkler, nameParts, namesClearlyDiffer, score, THRESHOLDS, type ComparisonVector, type MatchRecord } from "./matching.js";

const base: MatchRecord = { givenName: "Lachlan", familyName: "Berry", birthDate: "1999-02-19", line1: "69 giblin street", locality: "bittern", postcode: "4814", region: "qld" };

describe("string and field comparisons", () => {
  it("Jaro–Winkler: the textbook values", () => {
    expect(jaroWinkler("martha", "marhta")).toBeCloseTo(0.961, 3);
    expect(jaroWinkler("dwayne", "duane")).toBeCloseTo(0.84, 2);
    expect(jaroWinkler("", "a")).toBe(0);
    expect(jaroWinkler("same", "same")).toBe(1);
  });

  it("dates: one typo or day and month swapped is similar; another day is different", () => {
    expect(compareDates("1999-02-19", "1999-02-19")).toBe("exact");
    expect(compareDates("1999-02-19", "1999-02-18")).toBe("similar");
    expect(compareDates("1985-03-04", "1985-04-03")).toBe("similar");
    expect(compareDates("1985-03-04", "1958-03-04")).toBe("similar");
    expect(compareDates("1985-03-04", "1990-07-21")).toBe("different");
    expect(compareDates(undefined, "1990-07-21")).toBe("missing");
  });

  it("splits full names: Chinese family name first (compound ones too), Latin family name last", () => {
    expect(nameParts({ name: "王芳" })).toEqual({ family: "王", given: "芳" });
    expect(nameParts({ name: "欧阳娜娜" })).toEqual({ family: "欧阳", given: "娜娜" });
    expect(nameParts({ name: "Mary Jane Smith" })).toEqual({ family: "smith", given: "mary jane" });
    expect(nameParts({ name: "王芳 Fang Wang" })).toEqual({ family: "wang", given: "fang" });
    expect(nameParts({ name: "Zoë  O'Neil" })).toEqual({ family: "oneil", given: "zoe" });
  });

  it("reads a Chinese family name and its pinyin as the same name", () => {
    expect(compare({ givenName: "芳", familyName: "王" }, { givenName: "Fang", familyName: "Wang" }).vector).toMatchObject({ familyName: "exact", givenName: "missing" });
  });

  it("sees swapped given and family names", () => {
    const r = compare(base, { ...base, givenName: "Berry", familyName: "Lachlan" });
    expect(r.swapped).toBe(true);
    expect(r.vector).toMatchObject({ givenName: "exact", familyName: "exact" });
  });
});

describe("scores and decisions", () => {
  const holder = (customerId: string, record: MatchRecord) => ({ customerId, kinds: ["phone"], records: [record] });

  it("the same person with typos scores above the upper threshold; a neighbour with the same family name below the lower", () => {
    const typo = score(base, { ...base, givenName: "lachlen", line1: "69 giblin st", birthDate: "1999-02-18" });
    expect(typo.weight).toBeGreaterThan(THRESHOLDS.upper);
    const neighbour = score(base, { ...base, givenName: "Ella", birthDate: "1968-11-02", line1: "3 kent road" });
    expect(neighbour.weight).toBeLessThan(THRESHOLDS.lower);
    // Someone else in the same house: reviewed, never linked.
    const household = decide(base, [], [{ customerId: "sister", records: [{ ...base, givenName: "Ella", birthDate: "2001-05-30" }] }]);
    expect(household).toMatchObject({ decision: "suggested", candidateId: "sister" });
    expect(typo.probability).toBeGreaterThan(0.99);
    expect(neighbour.fields.find((f) => f.field === "givenName")).toEqual({ field: "givenName", level: "different", weight: expect.any(Number) });
  });

  it("a common name agreeing weighs less than a rare one (term frequency)", () => {
    const plain = score(base, base).weight;
    const common = score(base, base, undefined, (field) => (field === "familyName" ? 0.05 : undefined)).weight;
    expect(common).toBeLessThan(plain);
  });

  it("links by a strong identity unless the names are clearly two people's: then a suggestion, never a merge", () => {
    const linked = decide({ name: "Wang Fang" }, [holder("c1", { name: "Fang Wang" })], []);
    expect(linked).toMatchObject({ decision: "linked", candidateId: "c1", explanation: { identities: ["phone"] } });
    const shared = decide({ name: "王磊" }, [holder("c1", { name: "王芳" })], []);
    expect(shared).toMatchObject({ decision: "suggested", candidateId: "c1", reason: "shared_identity" });
    expect(namesClearlyDiffer({ name: "王磊" }, { name: "王芳" })).toBe(true);
    expect(namesClearlyDiffer({ name: "J Smith" }, { name: "John Smith" })).toBe(false);
    // A record with no name at all is the holder's.
    expect(decide({}, [holder("c1", { name: "王芳" })], [])).toMatchObject({ decision: "linked" });
  });

  it("probable: linked above the upper threshold, a suggestion between, a new customer below", () => {
    expect(decide(base, [], [{ customerId: "same", records: [{ ...base, line1: "69 giblin st" }] }])).toMatchObject({ decision: "linked", candidateId: "same" });
    const half: MatchRecord = { givenName: "Lachlan", familyName: "Berry", postcode: "4814" };
    const unsure = decide(half, [], [{ customerId: "maybe", records: [{ givenName: "Lachlan", familyName: "Berry", postcode: "4815" }] }]);
    expect(unsure).toMatchObject({ decision: "suggested", candidateId: "maybe", reason: "probable_match" });
    expect(decide(base, [], [{ customerId: "other", records: [{ givenName: "Ella", familyName: "Smith", birthDate: "1950-01-01" }] }])).toMatchObject({ decision: "new" });
    expect(decide(base, [], [])).toEqual({ decision: "new", score: null, explanation: null });
  });

  it("blocking files a record under keys a typo or a swap still shares", () => {
    const keys = blockingKeys(base);
    expect(keys).toContain("n:berry:l");
    expect(keys).toContain("b:1999-02-19");
    const swapped = blockingKeys({ ...base, givenName: "Berry", familyName: "Lachlan", birthDate: undefined });
    expect(swapped.some((k) => keys.includes(k))).toBe(true);
    const typo = blockingKeys({ ...base, familyName: "Barry" });
    expect(typo.some((k) => keys.includes(k))).toBe(true);
    expect(blockingKeys({ name: "王芳" })).toContain("n:wang:芳");
  });
});

describe("estimating m and u by expectation maximisation", () => {
  it("separates matches from non-matches in candidate pairs", () => {
    const match: ComparisonVector = { givenName: "exact", familyName: "exact", birthDate: "exact", line1: "similar", locality: "exact", postcode: "exact", region: "exact" };
    const non: ComparisonVector = { givenName: "different", familyName: "exact", birthDate: "different", line1: "different", locality: "different", postcode: "different", region: "exact" };
    const vectors = [...Array.from({ length: 30 }, () => match), ...Array.from({ length: 270 }, () => non)];
    const { parameters, matchShare } = estimateParameters(vectors);
    expect(matchShare).toBeGreaterThan(0.08);
    expect(matchShare).toBeLessThan(0.12);
    expect(parameters.birthDate.m.exact).toBeGreaterThan(0.9);
    expect(parameters.birthDate.u.exact).toBeLessThan(0.01);
    // Family names agree in every pair of this block: their agreement tells nothing.
    expect(parameters.familyName.u.exact).toBeGreaterThan(0.9);
  });
});
