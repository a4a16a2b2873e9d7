import { describe, expect, it } from "vitest";
import { deliverable, type Placed } from "./order.js";

const at = (seq: number, aggregateId: string): Placed => ({ seq, aggregateType: "case", aggregateId });
const seqs = (events: Placed[]) => events.map((e) => e.seq);

describe("deliverable", () => {
  it("hands over every claimed event, in seq order, when nothing earlier is held elsewhere", () => {
    expect(seqs(deliverable([at(5, "b"), at(2, "a"), at(9, "a")], []))).toEqual([2, 5, 9]);
  });

  it("stops an aggregate at its first event held by another relay, and only that aggregate", () => {
    // Another relay holds a's event 4: a's 6 and 8 must wait; b goes ahead.
    const claimed = [at(3, "a"), at(5, "b"), at(6, "a"), at(8, "a"), at(9, "b")];
    expect(seqs(deliverable(claimed, [at(4, "a")]))).toEqual([3, 5, 9]);
  });

  it("delivers nothing of an aggregate whose oldest unpublished event is held elsewhere", () => {
    expect(seqs(deliverable([at(7, "a"), at(8, "a")], [at(2, "a"), at(4, "a")]))).toEqual([]);
  });

  it("tells aggregates of different types apart", () => {
    const claimed = [{ seq: 3, aggregateType: "interaction", aggregateId: "x" }];
    expect(seqs(deliverable(claimed, [at(1, "x")]))).toEqual([3]);
  });
});
