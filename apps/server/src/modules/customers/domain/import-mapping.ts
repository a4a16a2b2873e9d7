/**
 * How an export's columns become a customer: `--map FIELD=COLUMN[+COLUMN…]` (A+B joins columns
 * with a space), the key column, and the date format. Pure functions: parsing the mapping, and
 * turning one CSV record into a name, profile values and identities, or a reason it cannot be.
 */
import { ADDRESS_PARTS, DATE_FORMATS, type AddressPart } from "@tandem/contracts";
import type { FlatProfile } from "./profile.js";

export { DATE_FORMATS };
export type DateFormat = (typeof DATE_FORMATS)[number];

export const IMPORT_FIELDS = ["name", "givenName", "familyName", "birthDate", ...ADDRESS_PARTS.map((p) => `address.${p}` as const)] as const;
const IDENTITY_FIELD = /^identity\.(phone|email|member_id|national_id|chat_visitor|external:[a-z0-9][a-z0-9_.-]{0,40})$/;

/** Field → the columns joined into it. */
export type Mapping = Record<string, string[]>;

export class MappingError extends Error {}

/** `["name=First+Last", "identity.phone=Tel"]` or `{ name: "First+Last" }` → a mapping; unknown fields are refused. */
export function parseMapping(entries: string[] | Record<string, string>): Mapping {
  const pairs = Array.isArray(entries)
    ? entries.map((e) => {
        const i = e.indexOf("=");
        if (i <= 0 || i === e.length - 1) throw new MappingError(`"${e}" is not FIELD=COLUMN.`);
        return [e.slice(0, i).trim(), e.slice(i + 1)] as const;
      })
    : Object.entries(entries);
  const mapping: Mapping = {};
  for (const [field, columns] of pairs) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field) && !IDENTITY_FIELD.test(field)) {
      throw new MappingError(`Unknown field "${field}": one of ${IMPORT_FIELDS.join(", ")} or identity.<kind> (phone, email, member_id, national_id, chat_visitor, external:<system>).`);
    }
    if (typeof columns !== "string") throw new MappingError(`The columns of "${field}" must be text.`);
    const cols = columns.split("+").map((c) => c.trim());
    if (cols.some((c) => !c)) throw new MappingError(`"${field}=${columns}" names an empty column.`);
    if (mapping[field]) throw new MappingError(`"${field}" is mapped twice.`);
    mapping[field] = cols;
  }
  if (!mapping.name && !mapping.givenName && !mapping.familyName) throw new MappingError("Map a name: name, or givenName and familyName.");
  return mapping;
}

/** The columns a mapping and key need that the file's header lacks. */
export function missingColumns(mapping: Mapping, keyColumn: string, headers: string[]): string[] {
  const needed = new Set([keyColumn, ...Object.values(mapping).flat()]);
  return [...needed].filter((c) => !headers.includes(c));
}

/** A date in `format` as YYYY-MM-DD, or null when it is not a real date. */
export function parseDate(text: string, format: DateFormat): string | null {
  const t = text.trim();
  const patterns: Record<DateFormat, [RegExp, (m: RegExpExecArray) => [string, string, string]]> = {
    "YYYY-MM-DD": [/^(\d{4})-(\d{1,2})-(\d{1,2})$/, (m) => [m[1]!, m[2]!, m[3]!]],
    YYYYMMDD: [/^(\d{4})(\d{2})(\d{2})$/, (m) => [m[1]!, m[2]!, m[3]!]],
    "DD/MM/YYYY": [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [m[3]!, m[2]!, m[1]!]],
    "MM/DD/YYYY": [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, (m) => [m[3]!, m[1]!, m[2]!]],
    "YYYY/MM/DD": [/^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, (m) => [m[1]!, m[2]!, m[3]!]],
    "DD.MM.YYYY": [/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (m) => [m[3]!, m[2]!, m[1]!]],
  };
  const [re, parts] = patterns[format];
  const m = re.exec(t);
  if (!m) return null;
  const [y, mo, d] = parts(m);
  const iso = `${y}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso || iso < "1850-01-01") return null;
  return iso;
}

export interface MappedRecord {
  /** Values left out (a date that is not one): the record is imported without them. */
  warnings: string[];
  key: string;
  name: string;
  profile: FlatProfile;
  identities: { kind: string; value: string }[];
}

const value = (fields: Record<string, string>, columns: string[] | undefined): string =>
  (columns ?? [])
    .map((c) => (fields[c] ?? "").trim())
    .filter(Boolean)
    .join(" ");

/** One CSV record as a customer; a reason instead when it cannot be one. */
export function mapRecord(fields: Record<string, string>, mapping: Mapping, keyColumn: string, dateFormat: DateFormat): MappedRecord | { problem: string } {
  const key = (fields[keyColumn] ?? "").trim();
  if (!key) return { problem: `the key column "${keyColumn}" is empty` };
  if (key.length > 200) return { problem: `the key is longer than 200 characters` };
  const profile: FlatProfile = {};
  for (const field of ["givenName", "familyName", ...ADDRESS_PARTS.map((p: AddressPart) => `address.${p}` as const)] as const) {
    const v = value(fields, mapping[field]);
    if (v) profile[field] = v.slice(0, 200);
  }
  const warnings: string[] = [];
  const birth = value(fields, mapping.birthDate);
  if (birth) {
    const iso = parseDate(birth, dateFormat);
    if (iso) profile.birthDate = iso;
    else warnings.push(`birth date "${birth}" is not a date written ${dateFormat}: imported without it`);
  }
  const name = (value(fields, mapping.name) || [profile.givenName, profile.familyName].filter(Boolean).join(" ")).slice(0, 200);
  if (!name) return { problem: "the name is empty" };
  const identities: { kind: string; value: string }[] = [];
  for (const [field, columns] of Object.entries(mapping)) {
    if (!field.startsWith("identity.")) continue;
    const v = value(fields, columns);
    if (v) identities.push({ kind: field.slice("identity.".length), value: v });
  }
  return { warnings, key, name, profile, identities };
}
