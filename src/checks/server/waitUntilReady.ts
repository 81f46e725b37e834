import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatLimit } from '../sparkline.js';
import type { ServerHandle } from './startServer.js';

export interface ReadyOptions {
  command: readonly string[];
  ready?: { path?: string; output?: string | RegExp };
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

export type Readiness = { ok: true; ms: number } | { ok: false; why: string };

/** Polls until the server answers (or prints its ready line), exits, or runs out of time. */
export const waitUntilReady = async (
  server: ServerHandle,
  base: string,
  options: ReadyOptions,
): Promise<Readiness> => {
  const started = performance.now();
  const deadline = started + (options.readyTimeoutMs ?? 30_000);
  const { path, output } = options.ready ?? {};
  while (performance.now() < deadline) {
    if (options.signal?.aborted) return { ok: false, why: 'the check was aborted' };
    if (server.hasExited()) {
      const exit = await server.exited;
      return {
        ok: false,
        why: exit.spawnError
          ? `could not start ${options.command[0]}: ${exit.spawnError}`
          : `the server exited (${exit.signal ?? `code ${exit.exitCode}`}) before it was ready`,
      };
    }
    if (output !== undefined) {
      if (typeof output === 'string' ? server.output().includes(output) : output.test(server.output()))
        return { ok: true, ms: performance.now() - started };
    } else {
      try {
        const response = await fetch(`${base}${path ?? '/'}`, { signal: AbortSignal.timeout(1000) });
        await response.body?.cancel();
        // Without a ready path, any answer means it listens; a health path must say 2xx.
        if (path === undefined || response.ok) return { ok: true, ms: performance.now() - started };
      } catch {
        // not listening yet
      }
    }
    await sleep(100);
  }
  return {
    ok: false,
    why: `the server was not ready after ${formatLimit((options.readyTimeoutMs ?? 30_000) / 1000)} s`,
  };
};
