import { describe, expect, it } from "vitest";
import { CASE_LINK_KINDS, CASE_LINK_VIEWS } from "@tandem/contracts";
import { linkSeenFrom, linkToStore } from "./links.js";

describe("case links, said from either side", () => {
  it("the linked case sees the inverse kind; related reads the same both ways", () => {
    expect(linkSeenFrom("follow_up_of", "case")).toBe("follow_up_of");
    expect(linkSeenFrom("follow_up_of", "linked_case")).toBe("followed_up_by");
    expect(linkSeenFrom("duplicate_of", "linked_case")).toBe("duplicated_by");
    expect(linkSeenFrom("parent_of", "linked_case")).toBe("child_of");
    expect(linkSeenFrom("related", "linked_case")).toBe("related");
  });

  it("a link said from the other side is stored the one way round", () => {
    expect(linkToStore("a", "follow_up_of", "b")).toEqual({ caseId: "a", kind: "follow_up_of", linkedCaseId: "b" });
    expect(linkToStore("b", "followed_up_by", "a")).toEqual({ caseId: "a", kind: "follow_up_of", linkedCaseId: "b" });
    expect(linkToStore("a", "child_of", "b")).toEqual({ caseId: "b", kind: "parent_of", linkedCaseId: "a" });
    expect(linkToStore("a", "related", "b")).toEqual({ caseId: "a", kind: "related", linkedCaseId: "b" });
  });

  it("every view, stored and seen again from the case that said it, reads as it was said", () => {
    for (const view of CASE_LINK_VIEWS) {
      const stored = linkToStore("a", view, "b");
      expect(CASE_LINK_KINDS).toContain(stored.kind);
      expect(linkSeenFrom(stored.kind, stored.caseId === "a" ? "case" : "linked_case")).toBe(view);
    }
  });
});
