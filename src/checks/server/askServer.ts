import { matchSubset } from '../matchSubset.js';
import type { ServerAnswer, ServerServesOptions } from '../slow/serverServes.js';
import type { Json } from '../types.js';

const fetchJson = async (url: string, init: RequestInit, timeoutMs: number) => {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    body = text;
  }
  return { status: response.status, body };
};

/** Sends every example (one request each, or one batch), and checks each answer. */
export const askServer = async (base: string, options: ServerServesOptions): Promise<ServerAnswer[]> => {
  const { path = '/predict', method = 'POST', headers = {} } = options.request ?? {};
  const init = (body: Json): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const timeout = options.requestTimeoutMs ?? 10_000;
  const names = options.examples.map((e, i) => e.name ?? `#${i + 1}`);
  let replies: { status: number | null; body: Json; error?: string }[];
  if (options.batch) {
    const reply = await fetchJson(`${base}${path}`, init(options.examples.map((e) => e.body)), timeout).catch(
      (error: Error) => ({
        status: null,
        body: null,
        error: error.message,
      }),
    );
    const list = Array.isArray(reply.body) ? reply.body : [];
    const error =
      'error' in reply
        ? reply.error
        : !Array.isArray(reply.body)
          ? `the batch answer is not a list: ${JSON.stringify(reply.body).slice(0, 200)}`
          : undefined;
    replies = options.examples.map((_, i) => ({
      status: reply.status,
      body: list[i] ?? null,
      ...(error ? { error } : {}),
    }));
  } else {
    replies = await Promise.all(
      options.examples.map((e) =>
        fetchJson(`${base}${path}`, init(e.body), timeout).catch((error: Error) => ({
          status: null,
          body: null,
          error: error.message,
        })),
      ),
    );
  }
  return Promise.all(
    replies.map(async (reply, i): Promise<ServerAnswer> => {
      const example = options.examples[i]!;
      let problem: string | null = reply.error ?? null;
      if (!problem && reply.status !== null && (reply.status < 200 || reply.status > 299))
        problem = `HTTP ${reply.status}`;
      if (!problem && example.expect !== undefined) problem = matchSubset(reply.body, example.expect);
      if (!problem && options.check) {
        const verdict = await options.check(reply.body, example);
        if (verdict === false) problem = 'the check function said no';
        else if (typeof verdict === 'string') problem = verdict;
      }
      return { name: names[i]!, status: reply.status, answer: reply.body, ok: problem === null, problem };
    }),
  );
};
