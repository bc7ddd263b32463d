import { createLogUpdate } from "log-update";
import { sanitize } from "./format.ts";

// Progress on stderr, apart from the results on stdout: on a terminal, live lines redrawn in
// place (one per connection or task) by log-update; elsewhere, such as a CI log, one plain
// timestamped line each time a line changes.

/** Where a command tells what it is doing. */
export interface Progress {
  /** Shows `text` as the line of `key`, such as a connection ID, replacing its last text. */
  set(key: string, text: string): void;
  /** Prints `text` once, above any live lines, such as a warning. */
  note(text: string): void;
  /** Ends the progress: live lines are cleared, for the results that follow. Safe to call twice. */
  stop(): void;
}

/** The stream progress is written to: stderr, or a stand-in in tests. */
type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };

/**
 * The progress of one command on `stream`: live lines when it is a terminal (and `TERM` is
 * not `dumb`), else lines that start with the time, in ISO 8601 (UTC), from `now`.
 */
export function createProgress(
  stream: ProgressStream,
  env: Readonly<Record<string, string | undefined>>,
  now: () => Date = () => new Date(),
): Progress {
  return stream.isTTY && env.TERM !== "dumb" ? liveProgress(stream) : lineProgress(stream, now);
}

function liveProgress(stream: ProgressStream): Progress {
  const render = createLogUpdate(stream);
  const lines = new Map<string, string>();
  let stopped = false;
  return {
    set(key, text) {
      if (stopped) return;
      lines.set(key, sanitize(text));
      render([...lines.values()].join("\n"));
    },
    note(text) {
      if (stopped) stream.write(`${sanitize(text)}\n`);
      else render.persist(sanitize(text));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      render.clear();
      render.done();
    },
  };
}

function lineProgress(stream: ProgressStream, now: () => Date): Progress {
  const last = new Map<string, string>();
  const write = (text: string) => stream.write(`${now().toISOString()} ${sanitize(text)}\n`);
  return {
    set(key, text) {
      if (last.get(key) === text) return;
      last.set(key, text);
      write(text);
    },
    note: write,
    stop() {},
  };
}
