// The app's own way to the Prep API for the browser: /prep/<path> goes to the API
// (WDATA_PREP_BASE_URL) with the server's token (WDATA_PREP_TOKEN), which never leaves it.
import type { NextRequest } from "next/server";

export const dynamic = "force-dynamic";

async function forward(request: NextRequest): Promise<Response> {
  const { pathname, search } = new URL(request.url);
  const target = `${process.env.WDATA_PREP_BASE_URL}${pathname.replace(/^\/prep/, "")}${search}`;
  const answer = await fetch(target, {
    method: request.method,
    headers: {
      accept: "application/json",
      "content-type": request.headers.get("content-type") ?? "application/json",
      authorization: `Bearer ${process.env.WDATA_PREP_TOKEN}`,
    },
    ...(request.method === "GET" ? {} : { body: await request.text() }),
  });
  return new Response(answer.body, {
    status: answer.status,
    headers: { "content-type": answer.headers.get("content-type") ?? "application/json" },
  });
}

export { forward as GET, forward as POST };
