/** The `http://host:port` base URL of a listening server; IPv6 addresses get brackets. */
export function formatBaseUrl(host: string, port: number): string {
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return `http://${hostPart}:${port}`;
}
