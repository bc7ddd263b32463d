/**
 * The environment variables in Node (and runtimes that mimic it); `undefined` elsewhere, such
 * as in browsers. Detected without importing any Node module.
 */
export function nodeEnv(
  global: {
    process?: { versions?: { node?: string }; env?: Record<string, string | undefined> };
  } = globalThis,
): Record<string, string | undefined> | undefined {
  return global.process?.versions?.node ? global.process.env : undefined;
}
