import { DESTINATION_TYPE_FILTERS, SOURCE_TYPE_FILTERS } from "@wdata-prep/core";
import type { ConnectionsQuery } from "@wdata-prep/react-hooks";
import { type FormEvent, useId, useRef, useState } from "react";
import { type DestinationTypeFilter, readableType, type SourceTypeFilter } from "./recordTypes.ts";
import { filterNames, type ListFilters, navigate, RouteLink } from "./route.tsx";

/** What is wrong with a set of filters, and the field to fix. */
export interface FilterProblem {
  field: keyof ListFilters;
  message: string;
}

/**
 * The list query of the URL's filters, or what is wrong with them, checked before any request
 * with the API's rules: a type filter needs its ID (an ID alone is enough), and a type must be
 * one the API filters by.
 */
export function listQuery(
  filters: ListFilters,
): { query: ConnectionsQuery; problem?: undefined } | { problem: FilterProblem } {
  const { sourceType, sourceId, destinationType, destinationId } = filters;
  if (sourceType && !SOURCE_TYPE_FILTERS.includes(sourceType as SourceTypeFilter)) {
    const message = `“${sourceType}” is not a source type the API filters by: choose one from the list.`;
    return { problem: { field: "sourceType", message } };
  }
  if (sourceType && !sourceId) {
    const message = "A source type filters only together with a source ID: enter the source's ID.";
    return { problem: { field: "sourceId", message } };
  }
  if (
    destinationType &&
    !DESTINATION_TYPE_FILTERS.includes(destinationType as DestinationTypeFilter)
  ) {
    const message = `“${destinationType}” is not a destination type the API filters by: choose one from the list.`;
    return { problem: { field: "destinationType", message } };
  }
  if (destinationType && !destinationId) {
    const message =
      "A destination type filters only together with a destination ID: enter the destination's ID.";
    return { problem: { field: "destinationId", message } };
  }
  // Checked above: each type is one of the API's and comes with its ID, as the type requires.
  return { query: { ...filters } as ConnectionsQuery };
}

/** The filters a submitted form holds: trimmed, the empty ones left out. */
function formFilters(form: FormData): ListFilters {
  const filters: ListFilters = {};
  for (const name of filterNames) {
    const value = String(form.get(name) ?? "").trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/**
 * The list's filters, as the API supports them. A type without its ID is not sent: the form
 * says what is missing and puts the cursor there.
 */
export function FilterForm({ filters }: { filters: ListFilters }) {
  const id = useId();
  const [problem, setProblem] = useState(() => listQuery(filters).problem);
  const form = useRef<HTMLFormElement>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next = formFilters(new FormData(event.currentTarget));
    const checked = listQuery(next);
    setProblem(checked.problem);
    if (checked.problem) {
      const field = form.current?.elements.namedItem(checked.problem.field);
      if (field instanceof HTMLElement) field.focus();
      return;
    }
    navigate({ view: "connections", filters: next });
  };

  // Each field is described by the rule, and by the problem when it is the one to fix.
  const describedBy = (field: keyof ListFilters) =>
    [`${id}-rule`, problem?.field === field && `${id}-problem`].filter(Boolean).join(" ");
  const invalid = (field: keyof ListFilters) => problem?.field === field || undefined;

  return (
    <form ref={form} className="filters" aria-label="Filters" onSubmit={onSubmit} noValidate>
      <label htmlFor={`${id}-sourceType`}>Source type</label>
      <select
        id={`${id}-sourceType`}
        name="sourceType"
        defaultValue={filters.sourceType ?? ""}
        aria-describedby={describedBy("sourceType")}
        aria-invalid={invalid("sourceType")}
      >
        <option value="">Any</option>
        {SOURCE_TYPE_FILTERS.map((type) => (
          <option key={type} value={type}>
            {readableType(type)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-sourceId`}>Source ID</label>
      <input
        id={`${id}-sourceId`}
        name="sourceId"
        defaultValue={filters.sourceId ?? ""}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={describedBy("sourceId")}
        aria-invalid={invalid("sourceId")}
      />
      <label htmlFor={`${id}-destinationType`}>Destination type</label>
      <select
        id={`${id}-destinationType`}
        name="destinationType"
        defaultValue={filters.destinationType ?? ""}
        aria-describedby={describedBy("destinationType")}
        aria-invalid={invalid("destinationType")}
      >
        <option value="">Any</option>
        {DESTINATION_TYPE_FILTERS.map((type) => (
          <option key={type} value={type}>
            {readableType(type)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-destinationId`}>Destination ID</label>
      <input
        id={`${id}-destinationId`}
        name="destinationId"
        defaultValue={filters.destinationId ?? ""}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={describedBy("destinationId")}
        aria-invalid={invalid("destinationId")}
      />
      <p id={`${id}-rule`} className="hint filter-rule">
        A type filters only together with its ID; an ID alone is enough.
      </p>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="field-problem">
          {problem.message}
        </p>
      )}
      <div className="filter-actions">
        <button type="submit">Apply filters</button>
        <RouteLink to={{ view: "connections", filters: {} }}>Clear filters</RouteLink>
      </div>
    </form>
  );
}
