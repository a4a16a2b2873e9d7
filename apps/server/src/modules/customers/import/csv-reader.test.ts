import { describe, expect, it } from "vitest";
import { CsvHeaderError, readCsv, sniffEncoding, type CsvBatch, type CsvReadStats } from "./csv-reader.js";

async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function readAll(bytes: Uint8Array, chunkSize = 7, options = {}): Promise<{ batches: CsvBatch[]; stats: CsvReadStats }> {
  const stats: CsvReadStats = { maxRecordChars: 0, maxBatchRecords: 0, encoding: null, headers: [] };
  const batches: CsvBatch[] = [];
  for await (const b of readCsv(chunks(bytes, chunkSize), options, stats)) batches.push(b);
  return { batches, stats };
}

const utf8 = (s: string) => new TextEncoder().encode(s);

describe("readCsv", () => {
  it("reads a BOM, spaces around headers and values, quotes, CRLF and empty values, in any chunking", async () => {
    const text = '\uFEFF id , name ,note\r\n1,  Wang Fang ,"says ""hi"", twice"\r\n2,,\r\n3, "  kept  " ,"two\nlines"\r\n';
    for (const size of [1, 2, 3, 5, 64]) {
      const { batches, stats } = await readAll(utf8(text), size);
      expect(stats.headers).toEqual(["id", "name", "note"]);
      const records = batches.flatMap((b) => b.records);
      expect(records).toEqual([
        { line: 2, fields: { id: "1", name: "Wang Fang", note: 'says "hi", twice' } },
        { line: 3, fields: { id: "2", name: "", note: "" } },
        { line: 4, fields: { id: "3", name: "  kept  ", note: "two\nlines" } },
      ]);
      expect(batches.flatMap((b) => b.problems)).toEqual([]);
    }
  });

  it("reports a malformed row with its line number and reads on", async () => {
    const text = 'id,name\n1,ok\n2,too,many\n3,bad"quote\n4,"closed"tail\n5,"fine"\n6,"never closed\n';
    const { batches } = await readAll(utf8(text));
    expect(batches.flatMap((b) => b.records).map((r) => r.fields.id)).toEqual(["1", "5"]);
    expect(batches.flatMap((b) => b.problems)).toEqual([
      { line: 3, reason: "expected 2 fields, found 3" },
      { line: 4, reason: "a quote inside an unquoted value" },
      { line: 5, reason: "text after a closing quote" },
      { line: 7, reason: "a quote is not closed before the end of the file" },
    ]);
  });

  it("reads GB18030, sniffed or named", async () => {
    // "姓名,城市\n李雷,北京\n" in GB18030.
    const gb = Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb3, 0xc7, 0xca, 0xd0, 0x0a, 0xc0, 0xee, 0xc0, 0xd7, 0x2c, 0xb1, 0xb1, 0xbe, 0xa9, 0x0a]);
    expect(sniffEncoding(gb)).toBe("gb18030");
    expect(sniffEncoding(utf8("姓名"))).toBe("utf-8");
    for (const encoding of ["auto", "gb18030"] as const) {
      const { batches, stats } = await readAll(gb, 3, { encoding });
      expect(stats.encoding).toBe("gb18030");
      expect(batches.flatMap((b) => b.records)).toEqual([{ line: 2, fields: { 姓名: "李雷", 城市: "北京" } }]);
    }
  });

  it("skips blank lines, and reads a last row without a newline", async () => {
    const { batches } = await readAll(utf8("a,b\n\n1,2\n\n3,4"));
    expect(batches.flatMap((b) => b.records.map((r) => [r.line, r.fields.a]))).toEqual([
      [3, "1"],
      [5, "3"],
    ]);
  });

  it("refuses a file without a header, or with an empty or repeated column name", async () => {
    await expect(readAll(utf8(""))).rejects.toBeInstanceOf(CsvHeaderError);
    await expect(readAll(utf8("a,,b\n1,2,3\n"))).rejects.toThrow(/empty column/);
    await expect(readAll(utf8("a, a\n1,2\n"))).rejects.toThrow(/"a" twice/);
  });

  it("reports an overlong record (an unclosed quote) and resumes at the next line", async () => {
    const { batches } = await readAll(utf8(`id,name\n1,"${"x".repeat(50)}\n2,ok\n`), 4, { maxRecordChars: 20 });
    expect(batches.flatMap((b) => b.problems)).toEqual([{ line: 2, reason: "the record is longer than 20 characters (a quote is not closed)" }]);
    expect(batches.flatMap((b) => b.records.map((r) => r.fields.id))).toEqual(["2"]);
  });

  it("streams a large file in bounded batches: never more than one batch and one record held", async () => {
    const rows = 200_000;
    async function* generated(): AsyncGenerator<Uint8Array> {
      yield utf8("key,name,phone\n");
      for (let i = 0; i < rows; i += 1000) {
        let block = "";
        for (let j = i; j < i + 1000; j++) block += `K${j}, Person ${j} ,"139${String(j).padStart(8, "0")}"\r\n`;
        yield utf8(block);
      }
    }
    const stats: CsvReadStats = { maxRecordChars: 0, maxBatchRecords: 0, encoding: null, headers: [] };
    let count = 0;
    let batches = 0;
    let last = "";
    for await (const batch of readCsv(generated(), { batchSize: 500 }, stats)) {
      expect(batch.records.length).toBeLessThanOrEqual(500);
      count += batch.records.length;
      batches++;
      last = batch.records.at(-1)?.fields.key ?? last;
    }
    expect(count).toBe(rows);
    expect(last).toBe(`K${rows - 1}`);
    expect(batches).toBe(rows / 500 + 1);
    expect(stats.maxBatchRecords).toBe(500);
    expect(stats.maxRecordChars).toBeLessThan(64);
  });
});
