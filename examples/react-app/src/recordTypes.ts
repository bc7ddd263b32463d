import type { components, RecordType } from "@wdata-prep/core";

/** The source types the API filters the list by (`SOURCE_TYPE_FILTERS` of core lists them). */
export type SourceTypeFilter = components["schemas"]["SourceTypeFilter"];
/** The destination types the API filters the list by (`DESTINATION_TYPE_FILTERS` of core). */
export type DestinationTypeFilter = components["schemas"]["DestinationTypeFilter"];

/** A record type for people: `spreadsheet_section` as "spreadsheet section". */
export function readableType(type: RecordType | undefined): string {
  return type ? type.replaceAll("_", " ") : "unknown type";
}
