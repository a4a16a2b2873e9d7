/**
 * Importing other systems' exports by command: messy CSV, re-imports that change nothing, two
 * systems' records of the same people becoming one customer each, a family's shared phone, a
 * dry run, and the link report.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, createTestApp, createWorld, TEST_SECRET, uniq, type TestApp, type World } from "./helper.js";
import { exportLinksCommand, importCustomersCommand } from "../src/modules/customers/index.js";
import { createLogger } from "../src/platform/logger.js";

let t: TestApp;
let w: World;
let dir: string;
beforeAll(async () => {
  t = await createTestApp({ ownDatabase: true });
  w = await createWorld(t.db);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tandem-import-"));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function sink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await importCustomersCommand(t.db, TEST_SECRET, createLogger("silent"), argv, { stdout: out.stream, stderr: err.stream });
  return { code, out: out.text(), err: err.text() };
}

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params))[0]!.n;

/** Our own people (invented), as two systems export them. */
const PEOPLE = [
  { g: "Lachlan", f: "Berry", dob: "19790214", no: "69", street: "Giblin Street", town: "Bittern", pc: "4814", phone: "13800001001" },
  { g: "Mia", f: "Castellano", dob: "19880930", no: "12", street: "Kent Road", town: "Mosman", pc: "2088", phone: "13800001002" },
  { g: "Oliver", f: "Nguyen", dob: "19920511", no: "3", street: "Harbour Lane", town: "Manly", pc: "2095", phone: "13800001003" },
  { g: "Sophie", f: "Whitlam", dob: "19651122", no: "41", street: "Oak Avenue", town: "Glebe", pc: "2037", phone: "13800001004" },
  { g: "Jack", f: "Papadopoulos", dob: "20010707", no: "7", street: "Station Street", town: "Fitzroy", pc: "3065", phone: "13800001005" },
  { g: "芳", f: "王", dob: "19850412", no: "1", street: "朝阳门内大街", town: "北京", pc: "100010", phone: "13800001006" },
  { g: "晓", f: "林", dob: "19900101", no: "8", street: "人民路", town: "上海", pc: "200001", phone: "13800001007" },
];

describe("tandem import customers", () => {
  const source = `crm${uniq()}`.slice(0, 20);
  const booking = `booking${uniq()}`.slice(0, 20);
  let crmFile: string;

  it("reads a messy export: BOM, CRLF, spaces, quotes, empty values; a bad row is reported with its line and the import goes on", async () => {
    const rows = PEOPLE.map((p, i) => `C${i + 1} , ${p.g} ,"${p.f}", ${p.dob} ,"${p.no}, ${p.street}",${p.town},${p.pc},${i === 2 ? "" : p.phone}`);
    rows.splice(3, 0, `C90,Bad,Date,19991340,1 Nowhere,X,1000,`, `C91,Stray"Quote,Q,19700101,a,b,c,`);
    rows.push(`,No,Key,19700101,,,,`, `C92,Bad,Phone,19700101,,,,call me`);
    crmFile = file("crm.csv", `\uFEFF id , given , family ,dob,street,town,postcode,tel\r\n${rows.join("\r\n")}\r\n`);
    const r = await run([crmFile, "--source", source, "--key", "id", "--map", "givenName=given", "--map", "familyName=family", "--map", "birthDate=dob", "--map", "address.line1=street", "--map", "address.locality=town", "--map", "address.postcode=postcode", "--map", "identity.phone=tel", "--date-format", "YYYYMMDD"]);
    expect(r.err).toContain('line 5: birth date "19991340" is not a date written YYYYMMDD: imported without it');
    expect(r.err).toContain("line 6: a quote inside an unquoted value");
    expect(r.err).toContain('line 11: the key column "id" is empty');
    expect(r.err).toMatch(/line 12: phone: .*not a valid phone number/);
    expect(r.out).toMatch(/Imported 11 rows .*: 8 new customers, 0 linked, 0 for review, 0 unchanged, 4 errors/);
    expect(r.code).toBe(0);
    const rows2 = await t.db.query<{ name: string; given_name: string; address: { line1: string; postcode: string }; birth_date: string; profile_sources: Record<string, { source: string }> }>(
      `SELECT c.* FROM customers c JOIN customer_identities i ON i.customer_id = c.id WHERE i.kind = $1 AND i.value = 'C1'`,
      [`external:${source}`],
    );
    expect(rows2[0]).toMatchObject({ name: "Lachlan Berry", given_name: "Lachlan", birth_date: "1979-02-14", address: { line1: "69, Giblin Street", postcode: "4814" } });
    expect(rows2[0]!.profile_sources.birthDate!.source).toBe(source);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await count("SELECT count(*)::int AS n FROM customers");
    const r = await run([crmFile, "--source", source, "--key", "id", "--map", "givenName=given", "--map", "familyName=family", "--map", "birthDate=dob", "--map", "identity.phone=tel", "--date-format", "YYYYMMDD"]);
    expect(r.out).toMatch(/0 new customers, 0 linked, 0 for review, 8 unchanged, 4 errors/);
    expect(await count("SELECT count(*)::int AS n FROM customers")).toBe(before);
  });

  it("a second system's export of the same people, with typos, swapped names and a full-name column, in GB18030, links each to one customer", async () => {
    const before = await count("SELECT count(*)::int AS n FROM customers");
    const variants = [
      // typo in the given name, the street written differently, no phone
      `B-1;Lachlen Berry;14/02/1979;69 Giblin St;Bittern;4814;`,
      // given and family name swapped, a birth date typo
      `B-2;Castellano Mia;30/09/1988;12 Kent Road;Mosman;2088;`,
      // the phone alone (Oliver's phone was empty in the first file: no identity to go by)
      `B-4;Sophie Whitlam;22/11/1965;;;;+86 138 0000 1004`,
      `B-5;Jack Papadopulos;07/07/2001;7 Station Street;Fitzroy;3065;`,
      `B-6;王芳;12/04/1985;1 朝阳门内大街;北京;100010;`,
    ];
    // A quoted, semicolon-free CSV: the test writes commas.
    const text = `ref,full name,born,addr,city,zip,mobile\n${variants.map((v) => v.split(";").join(",")).join("\n")}\n`;
    const gbFile = file("booking.csv", encodeGb18030(text));
    const r = await run([gbFile, "--source", booking, "--key", "ref", "--map", "name=full name", "--map", "birthDate=born", "--map", "address.line1=addr", "--map", "address.locality=city", "--map", "address.postcode=zip", "--map", "identity.phone=mobile", "--date-format", "DD/MM/YYYY"]);
    expect(r.out).toMatch(/Imported 5 rows .*: 0 new customers, 5 linked, 0 for review, 0 unchanged, 0 errors/);
    expect(await count("SELECT count(*)::int AS n FROM customers")).toBe(before);
    // The booking key finds the same customer as the CRM key.
    const same = await count(
      `SELECT count(DISTINCT customer_id)::int AS n FROM customer_identities WHERE (kind = $1 AND value = 'C6') OR (kind = $2 AND value = 'B-6')`,
      [`external:${source}`, `external:${booking}`],
    );
    expect(same).toBe(1);
  });

  it("a family's landline with two people's names: a suggestion for review, never a merge", async () => {
    const family = `home${uniq()}`.slice(0, 20);
    const f = file("family.csv", `id,name,phone\nH1,Peter Quinlan,02083940001\nH2,Ruth Quinlan,02083940001\n`);
    const r = await run([f, "--source", family, "--key", "id", "--map", "name=name", "--map", "identity.phone=phone"]);
    expect(r.out).toMatch(/1 new customers, 0 linked, 1 for review/);
    const [s] = await t.db.query<{ reason: string; status: string }>(
      `SELECT s.reason, s.status FROM identity_suggestions s JOIN import_links l ON l.customer_id = s.customer_id WHERE l.source = $1 AND l.key = 'H2'`,
      [family],
    );
    expect(s).toEqual({ reason: "shared_identity", status: "open" });
    // Both hold the landline, now shared; a look-up by it finds them both.
    const holders = await t.db.query<{ name: string; shared: boolean }>(
      `SELECT c.name, i.shared FROM customer_identities i JOIN customers c ON c.id = i.customer_id WHERE i.kind = 'phone' AND i.value = '+862083940001' ORDER BY c.name`,
    );
    expect(holders).toEqual([
      { name: "Peter Quinlan", shared: true },
      { name: "Ruth Quinlan", shared: true },
    ]);
    const found = await client(t.app, w.agent.token).get("/api/v1/customers?identity=phone:02083940001");
    expect(found.status).toBe(200);
    expect(found.body.items.map((c: { name: string }) => c.name).sort()).toEqual(["Peter Quinlan", "Ruth Quinlan"]);
    // Importing it again changes nothing: still two holders.
    const again = await run([f, "--source", family, "--key", "id", "--map", "name=name", "--map", "identity.phone=phone"]);
    expect(again.out).toMatch(/2 unchanged/);
    expect(await count(`SELECT count(*)::int AS n FROM customer_identities WHERE kind = 'phone' AND value = '+862083940001'`)).toBe(2);
  });

  it("a dry run checks every row and writes nothing", async () => {
    const before = await count("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM imports) + (SELECT count(*) FROM audit_log) AS n");
    const f = file("dry.csv", `id,name\nD1,New Person\nD2,\n`);
    const r = await run([f, "--source", "dry", "--key", "id", "--map", "name=name", "--dry-run"]);
    expect(r.out).toBe("Dry run: 2 rows read, 1 would be imported, 1 refused, 1 errors. Nothing was written.\n");
    expect(r.err).toContain("line 3: the name is empty");
    expect(await count("SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM imports) + (SELECT count(*) FROM audit_log) AS n")).toBe(before);
  });

  it("refuses bad arguments and a file without the mapped columns", async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([crmFile, "--source", "Bad Name", "--key", "id", "--map", "name=given"])).code).toBe(2);
    expect((await run([crmFile, "--source", "x", "--key", "id", "--map", "nickname=given"])).err).toMatch(/Unknown field "nickname"/);
    expect((await run([crmFile, "--source", "x", "--key", "id", "--map", "name=given", "--date-format", "DDMMYY"])).code).toBe(2);
    expect((await run([path.join(dir, "missing.csv"), "--source", "x", "--key", "id", "--map", "name=given"])).err).toMatch(/Cannot read/);
    const noColumn = await run([crmFile, "--source", "x", "--key", "id", "--map", "name=fullname"]);
    expect(noColumn.code).toBe(1);
    expect(noColumn.err).toMatch(/no column "fullname"/);
  });

  it("tandem export links writes source,key,customer_id,decision,score", async () => {
    const out = sink();
    expect(await exportLinksCommand(t.db, ["--source", booking], out.stream)).toBe(0);
    const lines = out.text().trim().split("\n");
    expect(lines[0]).toBe("source,key,customer_id,decision,score");
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(new RegExp(`^${booking},B-1,[0-9a-f-]{36},linked,(1|0\\.\\d+)$`));
    const outFile = path.join(dir, "links.csv");
    expect(await exportLinksCommand(t.db, ["--source", booking, "--out", outFile])).toBe(0);
    expect(fs.readFileSync(outFile, "utf8")).toBe(out.text());
  });
});

/** GB18030 bytes of a text, by the decoder's own table: every character of the text looked up once. */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder("gb18030");
  const table = new Map<string, number[]>();
  for (const ch of new Set(text)) {
    if (ch.charCodeAt(0) < 0x80) continue;
    search: for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        if (decoder.decode(Uint8Array.from([hi, lo])) === ch) {
          table.set(ch, [hi, lo]);
          break search;
        }
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) bytes.push(...(ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch)!));
  return Uint8Array.from(bytes);
}
