import { describe, expect, it } from "vitest";
import { barsOption } from "./chart";

describe("barsOption", () => {
  it("puts the largest bar on top: ECharts draws categories bottom-up", () => {
    const o = barsOption([{ name: "Li Na", count: 5 }, { name: "Wu Jing", count: 2 }], "Open cases");
    expect(o.yAxis).toMatchObject({ data: ["Wu Jing", "Li Na"] });
    expect(o.series).toEqual([expect.objectContaining({ type: "bar", name: "Open cases", data: [2, 5] })]);
  });

  it("describes itself to screen readers and draws whole numbers only", () => {
    const o = barsOption([], "Open cases");
    expect(o.aria).toEqual({ enabled: true });
    expect(o.xAxis).toMatchObject({ minInterval: 1 });
  });
});
