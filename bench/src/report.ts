/** What a benchmark run prints and keeps: its summary table and its results file (run.ts, scale.ts). */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const RESULTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../results");

/** One line of the summary: what, the figure, the target, PASS/MISS (or empty). */
export type SummaryRow = [label: string, value: string, target: string, verdict: string];

export function printSummary(rows: readonly SummaryRow[], log: (line: string) => void): void {
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  log("\nSummary");
  for (const r of rows) log(`  ${r.map((c, i) => c.padEnd(widths[i]!)).join("  ")}`.trimEnd());
}

/** Writes `bench/results/<name>`: JSON for an object, the text as is for a string. */
export function writeResult(name: string, content: unknown): void {
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, name), typeof content === "string" ? content : `${JSON.stringify(content, null, 2)}\n`);
}

/** A database URL fit to print: its password hidden. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}
