// Progress on stderr: plain timestamped lines away from a terminal, live lines on one.
import { Writable } from "node:stream";
import { describe, expect, test } from "vitest";
import { createProgress } from "./progress.ts";

/** A stream that keeps what is written to it, a terminal when `isTTY`. */
function stream(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text(): string } {
  let written = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  });
  return Object.assign(sink, { isTTY, columns: 80, rows: 24, text: () => written });
}

const at = (iso: string) => () => new Date(iso);

describe("away from a terminal", () => {
  test("each change is one line starting with the time, and a repeated text is not written again", () => {
    const out = stream(false);
    const progress = createProgress(out, {}, at("2026-11-20T09:00:03.112Z"));
    progress.set("a", "Refreshing a…");
    progress.set("b", "Refreshing b…");
    progress.set("a", "Refreshing a…");
    progress.note("warning: slow");
    progress.set("a", "a complete");
    progress.stop();
    expect(out.text()).toBe(
      [
        "2026-11-20T09:00:03.112Z Refreshing a…",
        "2026-11-20T09:00:03.112Z Refreshing b…",
        "2026-11-20T09:00:03.112Z warning: slow",
        "2026-11-20T09:00:03.112Z a complete",
        "",
      ].join("\n"),
    );
  });

  test("a text from the API cannot break the line", () => {
    const out = stream(false);
    createProgress(out, {}, at("2026-11-20T09:00:03.112Z")).set("a", "x\ny\u001b[2J");
    expect(out.text()).toBe("2026-11-20T09:00:03.112Z x\uFFFDy\uFFFD[2J\n");
  });

  test("a terminal whose TERM is dumb gets the plain lines too", () => {
    const out = stream(true);
    createProgress(out, { TERM: "dumb" }, at("2026-11-20T09:00:03.112Z")).set("a", "one");
    expect(out.text()).toBe("2026-11-20T09:00:03.112Z one\n");
  });
});

describe("on a terminal", () => {
  test("lines are redrawn in place, without times, and cleared at the end", () => {
    const out = stream(true);
    const progress = createProgress(out, { TERM: "xterm" });
    progress.set("a", "Refreshing a…");
    progress.set("b", "Refreshing b…");
    progress.set("a", "a complete");
    const drawn = out.text();
    expect(drawn).toContain("Refreshing a…");
    expect(drawn).toContain("a complete\nRefreshing b…");
    expect(drawn).not.toMatch(/\d{4}-\d\d-\d\dT/);
    progress.stop();
    const cleared = out.text().slice(drawn.length);
    // Two lines erased (ansi-escapes' eraseLines: erase, up, erase, to the first column).
    expect(cleared).toContain("\u001b[2K\u001b[1A\u001b[2K\u001b[G");
    expect(cleared).not.toContain("Refreshing");
  });

  test("a note stays above the live lines; after stop nothing is redrawn, and a note is a plain line", () => {
    const out = stream(true);
    const progress = createProgress(out, { TERM: "xterm" });
    progress.set("a", "Refreshing a…");
    progress.note("warning: slow");
    expect(out.text()).toContain("warning: slow\n");
    progress.stop();
    const stopped = out.text().length;
    progress.set("a", "a complete");
    progress.note("done");
    expect(out.text().slice(stopped)).toBe("done\n");
  });
});
