/** An object of undocumented keys and values (parameters, metadata) as a small table. */
export function KeyValues({
  title,
  values,
}: {
  title: string;
  values: Record<string, unknown> | undefined;
}) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="key-values">
      <h4>{title}</h4>
      <dl>
        {entries.map(([key, value]) => (
          <div key={key}>
            <dt>{key}</dt>
            <dd>{typeof value === "string" ? value : JSON.stringify(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
