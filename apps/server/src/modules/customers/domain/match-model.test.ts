import { describe, expect, it } from "vitest";
import { compare, decide, type MatchRecord } from "./matching.js";
import { estimateU, MIN_SAMPLE, modelFromSample, thresholdsFor } from "./match-model.js";

const person = (i: number): MatchRecord => ({
  givenName: ["ada", "bo", "cy", "dee", "eli", "fay", "gus", "hal"][i % 8],
  familyName: `family${i % 97}`,
  birthDate: `19${String(10 + (i % 80)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 10}`,
  postcode: String(2000 + (i % 50)),
  region: ["nsw", "vic", "qld"][i % 3],
  locality: `town${i % 40}`,
  line1: `${i % 30} street${i % 60}`,
});

describe("comparing fields", () => {
  it("reads a postcode or date with two neighbouring digits swapped, a stray space and a value cut short as similar", () => {
    const v = compare({ postcode: "2208", familyName: "sal t", line1: "8", birthDate: "1985-04-12" }, { postcode: "2280", familyName: "salt", line1: "8 eddy crescent", birthDate: "1958-04-12" }).vector;
    expect(v).toMatchObject({ postcode: "similar", familyName: "similar", line1: "similar", birthDate: "similar" });
    expect(compare({ postcode: "2208" }, { postcode: "8022" }).vector.postcode).toBe("different");
  });

  it("never links on a birth date and a place alone, without a name to compare", () => {
    const a = { familyName: "hodby", birthDate: "1936-08-17", region: "vic", postcode: "2290" };
    const b = { givenName: "matthew", birthDate: "1936-08-17", region: "vic", postcode: "2290" };
    expect(decide(a, [], [{ customerId: "c", records: [b] }], { thresholds: { upper: 1, lower: 0 } }).decision).toBe("suggested");
  });
});

describe("the model an import decides with", () => {
  it("keeps the priors for a sample too small to say anything", () => {
    expect(modelFromSample([person(1), person(2)])).toEqual({});
  });

  it("estimates u from random pairs: a region is shared by many, a birth date by few", () => {
    const sample = Array.from({ length: 600 }, (_, i) => person(i));
    const u = estimateU(sample);
    expect(u.region.u.exact).toBeGreaterThan(0.2);
    expect(u.birthDate.u.exact).toBeLessThan(0.02);
  });

  it("sets the thresholds from the posterior: more candidates, more evidence needed", () => {
    const one = thresholdsFor(1);
    const many = thresholdsFor(64);
    expect(one.upper).toBeCloseTo(Math.log2(99), 1);
    expect(many.upper - one.upper).toBeCloseTo(6, 1);
    expect(one.lower).toBeLessThan(one.upper);
  });

  it("links a typo'd duplicate in a sample of distinct people, and nobody else", () => {
    const sample = Array.from({ length: MIN_SAMPLE + 100 }, (_, i) => person(i));
    const model = modelFromSample(sample);
    const dup = { ...sample[7]!, familyName: "famliy7", postcode: "2070" };
    const candidates = sample.slice(0, 20).map((r, i) => ({ customerId: `c${i}`, records: [r] }));
    expect(decide(dup, [], candidates, model)).toMatchObject({ decision: "linked", candidateId: "c7" });
    expect(decide(person(5000), [], candidates.filter((c) => c.customerId !== "c0" && c.customerId !== "c8"), model).decision).not.toBe("linked");
  });
});
