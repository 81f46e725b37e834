import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CheckFailure,
  type ServerServesEvidence,
  type ServerServesOptions,
  serverServes,
} from '../../../src/checks/index.js';
import { FIXTURES } from '../../helpers/cli.js';
import { isRunning } from '../../helpers/processes.js';

const SERVER = join(FIXTURES, 'checks', 'model-server.mjs');

const examples: ServerServesOptions['examples'] = [
  { name: 'love', body: { text: 'I love this phone' }, expect: { label: 'positive', score: { $gte: 0.5 } } },
  { name: 'broken', body: { text: 'it broke after a day' }, expect: { label: 'negative' } },
  { name: 'great', body: { text: 'great battery, good screen' }, expect: { label: 'positive' } },
];

const serve = (mode: string, options: Partial<ServerServesOptions> = {}) =>
  serverServes({
    command: [process.execPath, SERVER, mode, '--port', '{port}'],
    ready: { path: '/health' },
    examples,
    ...options,
  });

// The server prints its own pid and its helper's: both must be gone once the check returns.
const pidsOf = (evidence: ServerServesEvidence): number[] => {
  const match = /server pid (\d+) helper pid (\d+)/.exec(evidence.output);
  expect(match, evidence.output).not.toBeNull();
  return [Number(match![1]), Number(match![2])];
};

const failure = async (promise: Promise<unknown>): Promise<CheckFailure> => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CheckFailure);
  return error as CheckFailure;
};

describe('serverServes', () => {
  it('starts the real server, waits for it, checks every answer, and stops it and its children', async () => {
    const evidence = await serve('right');
    expect(evidence.answers.map((a) => [a.name, a.ok, a.status])).toEqual([
      ['love', true, 200],
      ['broken', true, 200],
      ['great', true, 200],
    ]);
    expect(evidence.answers[0]!.answer).toMatchObject({ label: 'positive' });
    expect(evidence.readyMs).toBeGreaterThan(0);
    expect(evidence.command).toContain(String(evidence.port));
    for (const pid of pidsOf(evidence)) expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('sends the examples as one batch when asked to', async () => {
    const evidence = await serve('right', { batch: true });
    expect(evidence.answers.every((a) => a.ok)).toBe(true);
  });

  it('fails a server that answers wrong, naming the example and the field', async () => {
    const error = await failure(serve('wrong'));
    expect(error.message).toMatch(
      /^serverServes: 3 of 3 answers were wrong: love: label is "negative", wanted "positive"\n/,
    );
    expect(error.message).toContain('  broken: label is "positive", wanted "negative"');
    expect(error.message).toMatch(/server output:\n {4}server pid \d+ helper pid \d+/);
    for (const pid of pidsOf(error.evidence as ServerServesEvidence))
      expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('gives up on a server that never becomes ready, and leaves no process behind', async () => {
    // This one ignores SIGTERM: it takes the SIGKILL that follows.
    const error = await failure(serve('never-ready', { readyTimeoutMs: 1500 }));
    expect(error.message).toMatch(
      /^serverServes: the server was not ready after 1\.5 s, wanted it to answer on http:\/\/127\.0\.0\.1:\d+\/health\n/,
    );
    expect(error.message).toContain('loading weights…');
    expect(error.message).toContain('SIGTERM ignored');
    for (const pid of pidsOf(error.evidence as ServerServesEvidence))
      expect(isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('reports a server that exits before it is ready, with what it printed', async () => {
    const error = await failure(serve('crash'));
    expect(error.message).toMatch(/^serverServes: the server exited \(code 1\) before it was ready, /);
    expect(error.message).toContain('error: weights file not found');
  });

  it('reports a command that does not exist', async () => {
    const error = await failure(
      serverServes({ command: ['mlhooks-no-such-server', '--port', '{port}'], examples }),
    );
    expect(error.message).toMatch(/^serverServes: could not start mlhooks-no-such-server: .*ENOENT/);
  });
});
