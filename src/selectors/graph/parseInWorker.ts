// Scanning the blobs of a cold graph on the second core: a worker thread (parseWorker.ts) reads and
// scans them while this thread resolves what it has sent. Only the built CLI has the worker's file;
// without it (tests run from the sources) the caller scans in this thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ParseJob } from './parseJob.js';

export type { ParseJob };

/** What the worker starts with. */
export interface ParseStart {
  root: string;
}

export type ParseReply =
  | { configs: [id: string, text: string][] }
  /**
   * Packed facts as a JSON array, in the order of the job, and where each came from in it
   * (`factsPlace`: the cache key is the main thread's to make).
   */
  | { facts: string; at: number[] }
  | { done: number }
  /** After `done`, when the job gave `saveTo`: the facts cache was written (null), or why not. */
  | { saved: string | null }
  | { error: string };

/** The worker's write of the facts cache (`failure` null: written). */
export interface FactsWrite {
  failure: string | null;
}

export interface ParseHandlers {
  configs(texts: Map<string, string>): void;
  /** A batch of the worker's facts (`facts`, `at`: see ParseReply), for the job `run` resolved with. */
  facts(json: string, at: number[]): void;
}

export interface ParseWorker {
  /**
   * Sends the job ahead of `run` (a cold run's, while the caller does other work). Jobs name each
   * blob once (`mergeRepeats`): the places of the facts sent back are in their ids.
   */
  send(job: ParseJob): void;
  /** The job sent (null before one is; `run` then takes none): the places of the facts are in its ids. */
  readonly job: ParseJob | null;
  /**
   * Sends the job (none when `send` did); resolves once every fact has been handed to `handlers`,
   * with the write of the facts cache still to come if the job asked for it (null when it was not made).
   */
  run(job: ParseJob | null, handlers: ParseHandlers): Promise<{ saved: Promise<FactsWrite | null> }>;
  stop(): void;
}

/**
 * Starts the worker (it boots while the caller does other work), or null where it cannot run. It
 * does not keep the process alive until it is given a job. The file is beside the chunk that loads
 * this module, in dist/.
 */
export const startParseWorker = (
  root: string,
  file: URL = new URL('./parseWorker.cjs', import.meta.url),
): ParseWorker | null => {
  if (file.protocol !== 'file:' || !existsSync(fileURLToPath(file))) return null;
  const { Worker } = process.getBuiltinModule('node:worker_threads') as typeof import('node:worker_threads');
  let worker: import('node:worker_threads').Worker;
  try {
    worker = new Worker(file, { workerData: { root } satisfies ParseStart });
  } catch {
    return null;
  }
  worker.unref();
  // What comes before `run` (a worker sent its job ahead is at work at once) waits for its
  // handlers; a worker that fails then must not take the process with it.
  const queue: ParseReply[] = [];
  let deliver: ((reply: ParseReply) => void) | null = null;
  let ended: Error | null = null;
  let onEnd: ((error: Error) => void) | null = null;
  const end = (error: Error) => (onEnd ? onEnd(error) : (ended ??= error));
  worker.on('message', (reply: ParseReply) => (deliver ? deliver(reply) : queue.push(reply)));
  worker.on('error', end);
  worker.on('exit', (code) => end(new Error(`the parse worker exited (${code})`)));
  let settle: ((write: FactsWrite | null) => void) | null = null;
  const saved = new Promise<FactsWrite | null>((resolve) => {
    settle = resolve;
  });
  let stopped = false;
  let sentJob: ParseJob | null = null;
  const finish = (write: FactsWrite | null) => {
    settle?.(write);
    worker.terminate().catch(() => {});
  };
  return {
    send: (job) => {
      sentJob = job;
      worker.postMessage(job);
    },
    run: (job, handlers) =>
      new Promise((resolve, reject) => {
        let done = false;
        const fail = (error: Error) => {
          finish(null);
          if (!done) reject(error);
          done = true;
        };
        const handle = (reply: ParseReply) => {
          if (stopped) return;
          try {
            if ('configs' in reply) handlers.configs(new Map(reply.configs));
            else if ('facts' in reply) handlers.facts(reply.facts, reply.at);
            else if ('done' in reply) {
              done = true;
              resolve({ saved });
              if (!sentJob?.saveTo) finish(null);
            } else if ('saved' in reply) finish({ failure: reply.saved });
            else fail(new Error(reply.error));
          } catch (error) {
            fail(error as Error);
          }
        };
        worker.ref();
        if (job) {
          sentJob = job;
          worker.postMessage(job);
        }
        // Handlers are not called before `run` returns, not even for what came before it.
        queueMicrotask(() => {
          deliver = handle;
          onEnd = fail;
          for (const reply of queue.splice(0)) handle(reply);
          if (ended) fail(ended);
        });
      }),
    get job() {
      return sentJob;
    },
    stop: () => {
      stopped = true;
      finish(null);
    },
  };
};
