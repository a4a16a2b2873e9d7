/**
 * Charts on ECharts, tree-shaken: only the bar chart, the grid, the tooltip, the ARIA description
 * and the SVG renderer are bundled, and only by the screens that draw charts (lazy-loaded, never
 * with the login page). `useChart(option)` gives a ref for the element to draw in; the chart
 * follows the element's size and is disposed with it.
 */
import { useEffect, useRef } from "react";
import { init, use as registerCharts, type ComposeOption, type EChartsType } from "echarts/core";
import { BarChart, type BarSeriesOption } from "echarts/charts";
import { AriaComponent, GridComponent, TooltipComponent, type AriaComponentOption, type GridComponentOption, type TooltipComponentOption } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

registerCharts([BarChart, GridComponent, TooltipComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | AriaComponentOption>;

export function useChart<E extends HTMLElement = HTMLDivElement>(option: ChartOption) {
  const ref = useRef<E>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, null, { renderer: "svg" });
    chart.current = c;
    const resize = new ResizeObserver(() => c.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return ref;
}

/** A horizontal bar chart of counts by name, largest on top, in the theme's blue. */
export function barsOption(rows: { name: string; count: number }[], seriesName: string): ChartOption {
  const shown = [...rows].reverse();
  return {
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: shown.map((r) => r.name), axisLabel: { width: 140, overflow: "truncate" } },
    series: [{ type: "bar", name: seriesName, data: shown.map((r) => r.count), itemStyle: { color: "#1f5fbf" }, barMaxWidth: 22, label: { show: true, position: "right" } }],
  };
}
