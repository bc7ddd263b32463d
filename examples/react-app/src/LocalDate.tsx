import { formatDate } from "./format.ts";

/** A timestamp from the API, shown in the reader's local time; "—" when absent. */
export function LocalDate({ value }: { value: string | undefined }) {
  if (!value) return <>—</>;
  return (
    <time dateTime={value} title={value}>
      {formatDate(value)}
    </time>
  );
}
