// A server component: it prefetches the connection with the server's client (the API and the
// token from the server's environment) and hands the cache to the browser.
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { createPrepClient } from "@wdata-prep/fetch";
import { connectionQueryOptions } from "@wdata-prep/react-hooks";
import { ConnectionCard } from "./ConnectionCard";
import { cacheScope } from "./scope";

export const dynamic = "force-dynamic";

export default async function Page({
  searchParams,
}: {
  searchParams: Promise<{ connection?: string }>;
}) {
  const { connection = "" } = await searchParams;
  const queryClient = new QueryClient();
  const prep = createPrepClient({ cacheScope });
  await queryClient.prefetchQuery(connectionQueryOptions(prep, connection));
  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <ConnectionCard connectionId={connection} />
    </HydrationBoundary>
  );
}
