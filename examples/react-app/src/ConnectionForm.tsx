import { WORKSPACE_ID_MAX_LENGTH } from "@wdata-prep/core";
import { type FormEvent, useId } from "react";
import { navigate, RouteLink } from "./route.tsx";

const quickLinks = __PREP_QUICK_LINKS__;

/**
 * The form to enter a connection ID and an optional workspace ID, with quick links; it shows
 * the connection of the connection view, if that is the view shown.
 */
export function ConnectionForm({
  shown,
}: {
  shown: { connectionId: string; workspaceId?: string };
}) {
  const id = useId();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const workspaceId = String(form.get("workspaceId") ?? "").trim();
    const connectionId = String(form.get("connectionId") ?? "").trim();
    if (connectionId)
      navigate({ view: "connection", connectionId, ...(workspaceId && { workspaceId }) });
  };
  return (
    <section aria-label="Find a connection">
      {/* The key resets the fields when Back or Forward changes the connection shown. */}
      <form
        key={`${shown.connectionId}|${shown.workspaceId ?? ""}`}
        className="find"
        onSubmit={onSubmit}
      >
        <label htmlFor={`${id}-connection`}>Connection ID</label>
        <input
          id={`${id}-connection`}
          name="connectionId"
          defaultValue={shown.connectionId}
          required
          autoComplete="off"
          spellCheck={false}
        />
        <label htmlFor={`${id}-workspace`}>Workspace ID (optional)</label>
        <input
          id={`${id}-workspace`}
          name="workspaceId"
          defaultValue={shown.workspaceId ?? ""}
          maxLength={WORKSPACE_ID_MAX_LENGTH}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit">Show connection</button>
      </form>
      {quickLinks.length > 0 && (
        <nav aria-label="Seeded connections">
          <span>On the embedded API, try:</span>
          <ul>
            {quickLinks.map((link) => (
              <li key={link.id}>
                <RouteLink to={{ view: "connection", connectionId: link.id }}>
                  {link.name}
                </RouteLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </section>
  );
}
