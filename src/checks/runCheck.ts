import { performance } from 'node:perf_hooks';
import { isMlhooksError } from '../errors.js';
import type { Tier } from '../types.js';
import { tensorflow } from './backend.js';
import { isCheckFailure } from './CheckFailure.js';
import type { CheckContext, CheckSuite } from './defineChecks.js';
import type { Json } from './types.js';

export type CheckStatus = 'pass' | 'fail' | 'error';

/** A check's outcome as data: what reporters, the cache and worker processes pass around. */
export interface CheckResult {
  name: string;
  tier: Tier;
  status: CheckStatus;
  durationMs: number;
  /** What the check saw: returned on a pass, carried by the failure otherwise. */
  evidence: Json;
  /** The failure or error message (null on a pass). */
  message: string | null;
  /** For errors the user can fix: the MlhooksError code and hint. */
  code: string | null;
  hint: string | null;
}

/** Any value as JSON (NaN and functions become null), so results cross process boundaries. */
export const toJson = (value: unknown): Json => {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as Json;
  } catch {
    return String(value);
  }
};

/** Runs one check; its failure or error becomes a result, never a throw. */
export const runCheck = async (name: string, tier: Tier, run: () => unknown): Promise<CheckResult> => {
  const started = performance.now();
  const done = (
    rest: Pick<CheckResult, 'status' | 'evidence' | 'message' | 'code' | 'hint'>,
  ): CheckResult => ({
    name,
    tier,
    durationMs: performance.now() - started,
    ...rest,
  });
  try {
    return done({ status: 'pass', evidence: toJson(await run()), message: null, code: null, hint: null });
  } catch (error) {
    if (isCheckFailure(error))
      return done({
        status: 'fail',
        evidence: toJson(error.evidence),
        message: error.message,
        code: null,
        hint: null,
      });
    if (isMlhooksError(error))
      return done({
        status: 'error',
        evidence: null,
        message: error.message,
        code: error.code,
        hint: error.hint ?? null,
      });
    // Any other assertion (expect(), assert) in a check module is a failure of the check too.
    const assertion =
      error instanceof Error && /assert|expect/i.test(`${error.name} ${error.constructor.name}`);
    const message =
      error instanceof Error ? (assertion ? error.message : (error.stack ?? error.message)) : String(error);
    return done({ status: assertion ? 'fail' : 'error', evidence: null, message, code: null, hint: null });
  }
};

/** The context checks of a `*.check.mjs` module run with (loads TensorFlow.js). */
export const createCheckContext = async (options: {
  cwd: string;
  signal?: AbortSignal;
  log?: (message: string) => void;
}): Promise<CheckContext> => {
  const { tf, info } = await tensorflow();
  return {
    tf,
    backend: info,
    cwd: options.cwd,
    signal: options.signal ?? new AbortController().signal,
    log: options.log ?? (() => {}),
  };
};

/** Runs the checks of one tier of a suite, one after the other. */
export const runChecks = async (
  suite: CheckSuite,
  tier: Tier,
  context: CheckContext,
  only?: readonly string[],
): Promise<CheckResult[]> => {
  const results: CheckResult[] = [];
  for (const [name, check] of Object.entries(suite[tier] ?? {})) {
    if (only && !only.includes(name)) continue;
    results.push(await runCheck(name, tier, () => check(context)));
  }
  return results;
};
