import { MlhooksError } from '../../errors.js';
import { CheckFailure } from '../CheckFailure.js';
import { askServer } from '../server/askServer.js';
import { freePort } from '../server/freePort.js';
import { startServer } from '../server/startServer.js';
import { type Readiness, waitUntilReady } from '../server/waitUntilReady.js';
import type { Evidence, Json } from '../types.js';

export interface ServerExample {
  /** The JSON body sent. */
  body: Json;
  /** What the answer must hold (a subset; `{ "$gte": 0.9 }` bounds a number). */
  expect?: Json;
  name?: string;
}

export interface ServerServesOptions {
  /** The server's command as an argv: `{port}` in any argument becomes the port, also set as PORT. */
  command: readonly string[];
  cwd?: string;
  env?: Record<string, string>;
  /** A fixed port; by default a free one is picked. */
  port?: number;
  /** Ready when GET `path` answers 2xx, or when the output matches `output` (default: any answer to GET /). */
  ready?: { path?: string; output?: string | RegExp };
  /** Where examples are sent (default POST /predict). */
  request?: { path?: string; method?: string; headers?: Record<string, string> };
  /** Send every body in one request as a JSON array, and expect an array of answers back. */
  batch?: boolean;
  examples: readonly ServerExample[];
  /** Custom check of an answer: return false or a reason string to fail it. */
  check?: (
    answer: unknown,
    example: ServerExample,
  ) => boolean | string | undefined | Promise<boolean | string | undefined>;
  /** How long the server has to become ready (default 30 s). */
  readyTimeoutMs?: number;
  /** How long one request may take (default 10 s). */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
}

export type ServerAnswer = {
  name: string;
  status: number | null;
  answer: Json;
  ok: boolean;
  problem: string | null;
};

export interface ServerServesEvidence extends Evidence {
  command: string[];
  pid: number | null;
  port: number;
  readyMs: number | null;
  answers: ServerAnswer[];
  /** The last lines the server printed. */
  output: string;
}

const TAIL_LINES = 15;
const tail = (text: string): string => text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');

/**
 * Starts the real model-server command, waits until it is ready, sends the examples, checks every
 * answer, and stops the server and everything it started: also when the check fails or times out.
 */
export const serverServes = async (options: ServerServesOptions): Promise<ServerServesEvidence> => {
  if (options.command.length === 0)
    throw new MlhooksError('E_USAGE', 'serverServes needs a command (an argv list)');
  if (options.examples.length === 0)
    throw new MlhooksError('E_USAGE', 'serverServes needs at least one example');
  const port = options.port ?? (await freePort());
  const argv = options.command.map((arg) => arg.replaceAll('{port}', String(port)));
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(argv, {
    cwd: options.cwd ?? process.cwd(),
    env: { PORT: String(port), ...options.env },
  });
  const onAbort = () => void server.stop();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let readiness: Readiness = { ok: false, why: 'not started' };
  let answers: ServerAnswer[] = [];
  try {
    readiness = await waitUntilReady(server, base, options);
    if (readiness.ok) answers = await askServer(base, options);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await server.stop();
  }
  const evidence: ServerServesEvidence = {
    check: 'serverServes',
    backend: null,
    command: argv,
    pid: server.pid ?? null,
    port,
    readyMs: readiness.ok ? readiness.ms : null,
    answers,
    output: tail(server.output()),
  };
  const outputLines = evidence.output
    ? ['server output:', ...evidence.output.split('\n').map((line) => `  ${line}`)]
    : ['the server printed nothing'];
  if (!readiness.ok) {
    throw new CheckFailure(evidence, {
      headline: `${readiness.why}, wanted it to answer on ${base}${options.ready?.path ?? ''}`,
      details: outputLines,
      hint: 'the server must listen on 127.0.0.1 at the port in {port} or $PORT (or set ready.output to a line it prints when ready)',
    });
  }
  const wrong = answers.filter((a) => !a.ok);
  if (wrong.length > 0) {
    throw new CheckFailure(evidence, {
      headline: `${wrong.length} of ${answers.length} answers were wrong: ${wrong[0]!.name}: ${wrong[0]!.problem}`,
      details: [...wrong.slice(1).map((a) => `${a.name}: ${a.problem}`), ...outputLines],
    });
  }
  return evidence;
};
