// A mock server in a process of its own, run with --expose-gc so that its heap can be measured
// after a full garbage collection. It starts the built package with the options given as JSON
// in its first argument, sends { url } once it listens, and then answers each message:
// "measure" with { heapBytes }, "reset" and "count" with { requests } (how many it keeps).
import { startPrepMockServer } from "../dist/index.js";

const server = await startPrepMockServer(JSON.parse(process.argv[2] ?? "{}"));

/** The bytes in use after a full collection: the heap and the ArrayBuffers (Buffers) outside it. */
function heapBytes() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

process.on("message", (message) => {
  if (message === "measure") process.send({ heapBytes: heapBytes() });
  if (message === "reset") server.reset();
  if (message === "reset" || message === "count") {
    process.send({ requests: server.requests.length });
  }
  if (message === "close") void server.close().then(() => process.disconnect());
});
process.send({ url: server.url });
