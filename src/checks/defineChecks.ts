import type { BackendInfo } from './backend.js';
import type { Tf } from './types.js';

/** What a check in a `*.check.mjs` module is given. */
export interface CheckContext {
  /** TensorFlow.js, loaded, with its backend set. */
  tf: Tf;
  backend: BackendInfo;
  /** The folder paths in the check are relative to (the project root). */
  cwd: string;
  /** Aborted when the check's time is up or the user pressed Ctrl-C. */
  signal: AbortSignal;
  /** A line for the report. */
  log(message: string): void;
}

/** A check: throws (a CheckFailure, or any assertion error) to fail, returns its evidence to pass. */
export type CheckFunction = (ctx: CheckContext) => unknown;

/** Checks by tier: `fast` ones run on commit, `slow` ones (real training, real weights) on push. */
export interface CheckSuite {
  fast?: Record<string, CheckFunction>;
  slow?: Record<string, CheckFunction>;
}

/**
 * Declares the checks of a `*.check.mjs` module, with types, like `defineConfig`:
 * ```js
 * export default defineChecks({
 *   fast: { shape: async () => outputShape({ model: build(), input: [[0, 1]], expected: [1, 3] }) },
 *   slow: { overfits: async () => canOverfit({ model: build(), x, y }) },
 * });
 * ```
 */
export const defineChecks = <const T extends CheckSuite>(suite: T): T => suite;
