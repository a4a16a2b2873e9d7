/** Import and identity: importing other systems' exports, the review of suggestions, merges. */
import { z } from "zod";
import { id, isoTime, line, listQuery, queryText } from "./common.js";
import { customerSchema } from "./customers.js";

export const DATE_FORMATS = ["YYYY-MM-DD", "YYYYMMDD", "DD/MM/YYYY", "MM/DD/YYYY", "YYYY/MM/DD", "DD.MM.YYYY"] as const;

/** `POST /api/v1/imports?source=…&key=…&mapping=…`: the CSV is the `text/csv` body; the mapping is JSON `{ FIELD: "COLUMN[+COLUMN…]" }`. */
export const importQuery = z.strictObject({
  source: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,40}$/, "must be a short name in lower case (letters, digits, _ . -)"),
  key: queryText(200).pipe(z.string().min(1, "must name the key column")),
  mapping: z.string().max(4000),
  dateFormat: z.enum(DATE_FORMATS).default("YYYY-MM-DD"),
  encoding: z.enum(["auto", "utf-8", "gb18030"]).default("auto"),
  dryRun: z.enum(["true", "false"]).default("false"),
});

export const importSchema = z.object({
  id: z.string(),
  source: z.string(),
  /** `interrupted`: its worker stopped (a server stop); import the file again to finish it — rows already imported are unchanged. */
  status: z.enum(["running", "done", "failed", "interrupted"]),
  dryRun: z.boolean(),
  /** Rows read so far (each malformed row included). */
  rows: z.number(),
  /** The last line of the file whose batch is imported. */
  lineReached: z.number(),
  bytesRead: z.number(),
  bytesTotal: z.number().nullable(),
  /** Share of the file read, 0 to 1. */
  progress: z.number().nullable(),
  counts: z.object({ created: z.number(), linked: z.number(), suggested: z.number(), unchanged: z.number(), errors: z.number() }),
  /** The first errors, each with the line of the file it is on. */
  errors: z.array(z.object({ line: z.number(), reason: z.string() })),
  failure: z.string().nullable(),
  createdAt: isoTime,
  finishedAt: isoTime.nullable(),
});
export type Import = z.infer<typeof importSchema>;

export const fieldWeightSchema = z.object({ field: z.string(), level: z.enum(["exact", "similar", "different", "missing"]), weight: z.number() });

export const suggestionSchema = z.object({
  id: z.string(),
  score: z.number(),
  reason: z.enum(["probable_match", "shared_identity"]),
  status: z.enum(["open", "accepted", "rejected"]),
  explanation: z.object({
    identities: z.array(z.string()).optional(),
    weight: z.number().optional(),
    swapped: z.boolean().optional(),
    fields: z.array(fieldWeightSchema).optional(),
    note: z.string().optional(),
  }),
  /** The newer record and the one it probably is, side by side. */
  customer: customerSchema,
  candidate: customerSchema,
  createdAt: isoTime,
  decidedAt: isoTime.nullable(),
  mergeId: z.string().nullable(),
});
export type Suggestion = z.infer<typeof suggestionSchema>;

export const suggestionsQuery = z.strictObject({ ...listQuery });

/** Accepting merges the two; `survivor` says whose record stays (the candidate's by default). */
export const acceptSuggestionBody = z.strictObject({ survivor: z.enum(["customer", "candidate"]).optional() });
export const rejectSuggestionBody = z.strictObject({});

export const mergeBody = z.strictObject({
  otherId: id,
  /** The id of the customer whose record survives: this one or the other. */
  survivor: id,
  reason: line(500).optional(),
});

export const mergeSchema = z.object({
  id: z.string(),
  survivorId: z.string(),
  mergedId: z.string(),
  reason: z.string().nullable(),
  createdAt: isoTime,
  unmergedAt: isoTime.nullable(),
  survivor: customerSchema,
  merged: customerSchema,
});
export type Merge = z.infer<typeof mergeSchema>;
