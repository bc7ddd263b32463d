import { useCallback, useEffect, useState } from "react";

/** The connection in the address bar: `?connection=…&workspace=…`. */
export interface ShownConnection {
  connectionId: string;
  workspaceId?: string;
}

function fromLocation(): ShownConnection {
  const params = new URLSearchParams(window.location.search);
  const workspaceId = params.get("workspace") || undefined;
  return { connectionId: params.get("connection") ?? "", ...(workspaceId && { workspaceId }) };
}

/**
 * The connection shown, kept in the URL so a reload or a shared link shows the same one, and
 * Back and Forward move between the connections looked at.
 */
export function useShownConnection(): [ShownConnection, (next: ShownConnection) => void] {
  const [shown, setShown] = useState(fromLocation);

  useEffect(() => {
    const onPopState = () => setShown(fromLocation());
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  const show = useCallback((next: ShownConnection) => {
    const params = new URLSearchParams();
    if (next.connectionId) params.set("connection", next.connectionId);
    if (next.workspaceId) params.set("workspace", next.workspaceId);
    const search = params.size > 0 ? `?${params}` : window.location.pathname;
    window.history.pushState(null, "", search);
    setShown(next);
  }, []);

  return [shown, show];
}
