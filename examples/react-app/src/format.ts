// Values from the API as people read them.

/** An RFC 3339 timestamp as a readable local date and time; an unparseable value is shown as is. */
export function formatDate(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** A number of connections: "1 connection", "42 connections". */
export function countConnections(n: number): string {
  return `${n} connection${n === 1 ? "" : "s"}`;
}
