// The app's URL state: which view is shown and with what, read from and written to the address
// bar, so that a reload or a shared link shows the same view and Back and Forward move between
// the views seen. No router library: three views and a few parameters.
import { type AnchorHTMLAttributes, type MouseEvent, useMemo, useSyncExternalStore } from "react";

/** The names of the list's filters, in the order the URL writes them. */
export const filterNames = ["sourceType", "sourceId", "destinationType", "destinationId"] as const;

/** The list's filters as the URL holds them: strings, checked by the list before any request. */
export type ListFilters = Partial<Record<(typeof filterNames)[number], string>>;

/**
 * A view of the app and what it shows:
 * - `?view=connections&sourceType=…&sourceId=…&destinationType=…&destinationId=…`: the list,
 *   with the filters given (also what a URL with no view shows);
 * - `?connection=…&workspace=…&job=…`: one connection, and the run `job` when one was started;
 * - `?batch=…`: one batch of runs.
 */
export type Route =
  | { view: "connections"; filters: ListFilters }
  | { view: "connection"; connectionId: string; workspaceId?: string; jobId?: string }
  | { view: "batch"; batchId: string };

/** The route of a URL's query string; an empty parameter counts as absent. */
export function parseRoute(search: string): Route {
  const params = new URLSearchParams(search);
  const get = (name: string) => params.get(name)?.trim() || undefined;
  const connectionId = get("connection");
  if (connectionId) {
    const workspaceId = get("workspace");
    const jobId = get("job");
    return {
      view: "connection",
      connectionId,
      ...(workspaceId && { workspaceId }),
      ...(jobId && { jobId }),
    };
  }
  const batchId = get("batch");
  if (batchId) return { view: "batch", batchId };
  const filters: ListFilters = {};
  for (const name of filterNames) {
    const value = get(name);
    if (value) filters[name] = value;
  }
  return { view: "connections", filters };
}

/** The query string of a route, such as `?connection=…`. */
export function routeHref(route: Route): string {
  const params = new URLSearchParams();
  if (route.view === "connection") {
    params.set("connection", route.connectionId);
    if (route.workspaceId) params.set("workspace", route.workspaceId);
    if (route.jobId) params.set("job", route.jobId);
  } else if (route.view === "batch") {
    params.set("batch", route.batchId);
  } else {
    params.set("view", "connections");
    for (const name of filterNames) {
      const value = route.filters[name];
      if (value) params.set(name, value);
    }
  }
  return `?${params}`;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

/**
 * Shows `route`: a new entry in the history, or with `replace` the current one changed (for a
 * detail of the same view, such as the run just started, that Back should not step through).
 */
export function navigate(route: Route, { replace = false }: { replace?: boolean } = {}) {
  const href = routeHref(route);
  if (replace) window.history.replaceState(null, "", href);
  else {
    window.history.pushState(null, "", href);
    window.scrollTo(0, 0);
  }
  for (const listener of listeners) listener();
}

/** The route in the address bar, updated on `navigate`, Back and Forward. */
export function useRoute(): Route {
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return useMemo(() => parseRoute(search), [search]);
}

/**
 * A link to a route: a real `<a href>`, so it can be opened in a new tab, copied or followed
 * with the keyboard; a plain click shows the route without reloading the page.
 */
export function RouteLink({
  to,
  ...props
}: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    props.onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...props} href={routeHref(to)} onClick={onClick} />;
}
