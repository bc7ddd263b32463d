// A route handler on the edge runtime: the client is the server's, with the API and the token
// from the server's environment, as in Node.
import { createPrepClient } from "@wdata-prep/fetch";

export const runtime = "edge";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const connectionId = new URL(request.url).searchParams.get("connection") ?? "";
  const prep = createPrepClient();
  const connection = await prep.getConnection(connectionId);
  return Response.json({ name: connection.name, api: prep.baseUrl });
}
