import { describe, expect, it } from "vitest";
import { mapRecord, MappingError, missingColumns, parseDate, parseMapping } from "./import-mapping.js";

describe("import mapping", () => {
  it("parses FIELD=COLUMN[+COLUMN] and refuses unknown or doubled fields", () => {
    expect(parseMapping(["givenName=given_name", "familyName=surname", "address.line1=street_number+address_1", "identity.member_id=soc_sec_id"])).toEqual({
      givenName: ["given_name"],
      familyName: ["surname"],
      "address.line1": ["street_number", "address_1"],
      "identity.member_id": ["soc_sec_id"],
    });
    expect(() => parseMapping(["nickname=x", "name=n"])).toThrow(MappingError);
    expect(() => parseMapping(["identity.fax=x", "name=n"])).toThrow(/Unknown field/);
    expect(() => parseMapping(["name=a", "name=b"])).toThrow(/twice/);
    expect(() => parseMapping(["name=a+"])).toThrow(/empty column/);
    expect(() => parseMapping(["birthDate=dob"])).toThrow(/Map a name/);
    expect(() => parseMapping(["name"])).toThrow(/FIELD=COLUMN/);
    expect(missingColumns({ name: ["a", "b"] }, "id", ["id", "a"])).toEqual(["b"]);
  });

  it("reads dates in the format given, and only real ones", () => {
    expect(parseDate("19990219", "YYYYMMDD")).toBe("1999-02-19");
    expect(parseDate("19990230", "YYYYMMDD")).toBeNull();
    expect(parseDate("3/4/1985", "DD/MM/YYYY")).toBe("1985-04-03");
    expect(parseDate("3/4/1985", "MM/DD/YYYY")).toBe("1985-03-04");
    expect(parseDate("1985-4-3", "YYYY-MM-DD")).toBe("1985-04-03");
    expect(parseDate("1985-04-03", "YYYYMMDD")).toBeNull();
  });

  it("maps a record: joined columns, empty values left out, the reason when it cannot", () => {
    const mapping = parseMapping(["givenName=g", "familyName=f", "birthDate=dob", "address.line1=no+street", "identity.phone=tel"]);
    expect(mapRecord({ id: "7", g: "lachlan", f: "berry", dob: "19990219", no: "69", street: "giblin street", tel: "" }, mapping, "id", "YYYYMMDD")).toEqual({
      warnings: [],
      key: "7",
      name: "lachlan berry",
      profile: { givenName: "lachlan", familyName: "berry", birthDate: "1999-02-19", "address.line1": "69 giblin street" },
      identities: [],
    });
    expect(mapRecord({ id: "", g: "a", f: "b" }, mapping, "id", "YYYYMMDD")).toEqual({ problem: 'the key column "id" is empty' });
    // A date that is not one is left out, said, and the rest imported.
    expect(mapRecord({ id: "8", g: "a", f: "b", dob: "19991340" }, mapping, "id", "YYYYMMDD")).toMatchObject({ key: "8", profile: { givenName: "a", familyName: "b" }, warnings: ['birth date "19991340" is not a date written YYYYMMDD: imported without it'] });
    expect(mapRecord({ id: "9", g: "", f: "" }, mapping, "id", "YYYYMMDD")).toEqual({ problem: "the name is empty" });
  });
});
