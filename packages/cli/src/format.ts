import stringWidth from "string-width";

// Text for a person: values from the API made safe to print, labelled fields, counts, and
// tables whose columns fit the terminal. Widths are counted in terminal columns (string-width), so that wide
// characters and emoji line up.

/**
 * Control characters (an escape sequence, a tab, a line break) and bidirectional overrides,
 * which could redraw the terminal or disguise text, each shown as U+FFFD.
 */
const unsafe = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/** `text` made safe to print on one line of a terminal or a log: see `unsafe`. */
export function sanitize(text: string): string {
  return text.replace(unsafe, "\uFFFD");
}

/**
 * Labelled values, one per line, the values aligned, indented by two spaces. A value that is
 * `undefined` or empty leaves its line out.
 */
export function formatFields(
  fields: readonly [label: string, value: string | undefined][],
): string {
  const shown = fields.filter((field): field is [string, string] => Boolean(field[1]));
  const width = Math.max(0, ...shown.map(([label]) => stringWidth(label)));
  return shown.map(([label, value]) => `  ${pad(label, width)}  ${sanitize(value)}`).join("\n");
}

/** A time, and who acted then, when known. */
export function by(time?: string, user?: string): string | undefined {
  return time && user ? `${time} by ${user}` : time;
}

/** `n` with `noun`, plural unless `n` is 1. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** A column of `formatTable`. */
export interface Column {
  /** The heading, shown in capitals. */
  header: string;
  /** Whether the column may be narrowed to fit, its longer cells cut short with "…". */
  shrinks: boolean;
}

/** The narrowest a column that shrinks becomes. */
const minColumnWidth = 8;
/** The spaces between two columns. */
const gap = "  ";

/**
 * `rows` under a heading line, in columns as wide as their widest cell. When that is wider than
 * `width`, the columns that shrink are narrowed, the widest first, down to `minColumnWidth`
 * each; a row may still wrap on a terminal too narrow even for that.
 */
export function formatTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
): string {
  const cells = [columns.map((column) => column.header.toUpperCase()), ...rows].map((row) =>
    row.map(sanitize),
  );
  const widths = columns.map((_, index) =>
    Math.max(...cells.map((row) => stringWidth(row[index] ?? ""))),
  );
  let excess = widths.reduce((sum, w) => sum + w, 0) + gap.length * (columns.length - 1) - width;
  while (excess > 0) {
    const widest = widths.reduce<number | undefined>((found, w, index) => {
      if (!columns[index]?.shrinks || w <= minColumnWidth) return found;
      return found === undefined || w > (widths[found] ?? 0) ? index : found;
    }, undefined);
    if (widest === undefined) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  const last = columns.length - 1;
  return cells
    .map((row) =>
      row
        .map((cell, index) => {
          const cut = truncate(cell, widths[index] ?? 0);
          return index === last ? cut : pad(cut, widths[index] ?? 0);
        })
        .join(gap)
        // An empty last cell leaves the padding of the one before it.
        .trimEnd(),
    )
    .join("\n");
}

/**
 * `rows` as lines of values separated by tabs, without a heading, for `cut`, `awk` or a
 * spreadsheet: what `formatTable` shows on a terminal, uncut.
 */
export function formatTabSeparated(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(sanitize).join("\t")).join("\n");
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** `text` cut to at most `width` columns, ending in "…" when cut. */
function truncate(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let cut = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = stringWidth(segment);
    if (used + w + 1 > width) break;
    cut += segment;
    used += w;
  }
  return `${cut}…`;
}

/** `text` followed by spaces up to `width` columns. */
function pad(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - stringWidth(text)));
}
