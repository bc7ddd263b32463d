import type { components, RecordType } from "@wdata-prep/core";

/** The source types the API filters the list by. */
export type SourceTypeFilter = components["schemas"]["SourceTypeFilter"];
/** The destination types the API filters the list by. */
export type DestinationTypeFilter = components["schemas"]["DestinationTypeFilter"];

// Every filter type once: a record keyed by the spec's union fails to compile when the spec
// adds or drops one.
const sourceTypes: Record<SourceTypeFilter, true> = {
  spreadsheet: true,
  spreadsheet_section: true,
  presentation: true,
  presentation_chart: true,
  presentation_embedded_table: true,
  document: true,
  document_chart: true,
  document_embedded_table: true,
  wdata_query: true,
  wdata_table: true,
  wdata_table_dataset: true,
  report: true,
  esg_program: true,
};
const destinationTypes: Record<DestinationTypeFilter, true> = {
  spreadsheet: true,
  spreadsheet_section: true,
  presentation: true,
  presentation_chart: true,
  presentation_embedded_table: true,
  document: true,
  document_chart: true,
  document_embedded_table: true,
  wdata_query: true,
  wdata_table: true,
  wdata_table_dataset: true,
  report: true,
};

/** The source types to filter by, in the spec's order. */
export const SOURCE_TYPE_FILTERS = Object.keys(sourceTypes) as SourceTypeFilter[];
/** The destination types to filter by, in the spec's order. */
export const DESTINATION_TYPE_FILTERS = Object.keys(destinationTypes) as DestinationTypeFilter[];

/** A record type for people: `spreadsheet_section` as "spreadsheet section". */
export function readableType(type: RecordType | undefined): string {
  return type ? type.replaceAll("_", " ") : "unknown type";
}
