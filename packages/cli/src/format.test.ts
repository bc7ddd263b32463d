// Text for a person: safe characters, aligned fields, and tables cut to the terminal's width,
// counted in columns (wide characters take two).
import stringWidth from "string-width";
import { describe, expect, test } from "vitest";
import { type Column, formatFields, formatTable, formatTabSeparated, sanitize } from "./format.ts";

describe("sanitize", () => {
  test("shows control characters and bidirectional overrides as U+FFFD, and keeps the rest", () => {
    expect(sanitize("a\u001b[31mb\tc\nd\re\u0000f\u202eg\u2066h")).toBe(
      "a\uFFFD[31mb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg\uFFFDh",
    );
    expect(sanitize("Revenue → Board deck, 売上 📈")).toBe("Revenue → Board deck, 売上 📈");
  });
});

describe("formatFields", () => {
  test("aligns the values and leaves out the empty ones", () => {
    expect(
      formatFields([
        ["ID", "c1"],
        ["Description", undefined],
        ["Workspace", "w1"],
        ["Error", ""],
        ["Note", "a\u001b[2Jb"],
      ]),
    ).toBe(["  ID         c1", "  Workspace  w1", "  Note       a\uFFFD[2Jb"].join("\n"));
  });
});

describe("formatTable", () => {
  const columns: Column[] = [
    { header: "Name", shrinks: true },
    { header: "ID", shrinks: false },
    { header: "Kind", shrinks: true },
  ];
  const rows = [
    ["Revenue by region → Board deck", "0d6f4c1e", "wdata_query → spreadsheet_section"],
    ["売上高 📈 四半期", "6e96fb14", "wdata_table → document"],
  ];

  test("as wide as its widest cells when that fits, without trailing spaces", () => {
    expect(formatTable(columns, rows, 200)).toBe(
      [
        "NAME                            ID        KIND",
        "Revenue by region → Board deck  0d6f4c1e  wdata_query → spreadsheet_section",
        "売上高 📈 四半期                6e96fb14  wdata_table → document",
      ].join("\n"),
    );
  });

  test.each([70, 50, 40])("cut to %i columns, the widest column that shrinks first", (width) => {
    const lines = formatTable(columns, rows, width).split("\n");
    expect(Math.max(...lines.map((line) => stringWidth(line)))).toBe(width);
    // The ID never shrinks, and stays aligned under its heading.
    const at = lines[0]?.indexOf("ID");
    for (const [index, id] of ["0d6f4c1e", "6e96fb14"].entries()) {
      const line = lines[index + 1] ?? "";
      expect(stringWidth(line.slice(0, line.indexOf(id)))).toBe(at);
    }
  });

  test("cuts wide characters whole, ending in …", () => {
    const table = formatTable([{ header: "Name", shrinks: true }], [["売上高四半期"]], 8);
    expect(table.split("\n")).toEqual(["NAME", "売上高…"]);
  });

  test("never shrinks a column below 8, nor one that does not shrink: the rows may wrap", () => {
    const lines = formatTable(columns, rows, 10).split("\n");
    expect(lines[1]).toBe("Revenue…  0d6f4c1e  wdata_q…");
    expect(stringWidth(lines[1] ?? "")).toBe(28);
  });

  test("a cell's control characters cannot redraw the terminal", () => {
    expect(formatTable([{ header: "Name", shrinks: true }], [["a\u001b[2Jb"]], 80)).toBe(
      "NAME\na\uFFFD[2Jb",
    );
  });
});

describe("formatTabSeparated", () => {
  test("is one line per row, values apart by tabs, a tab or line break in a value made safe", () => {
    expect(
      formatTabSeparated([
        ["a\tb", "c"],
        ["d\ne", "f"],
      ]),
    ).toBe("a\uFFFDb\tc\nd\uFFFDe\tf");
  });
});
