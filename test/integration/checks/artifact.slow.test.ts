import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ArtifactSpec, checkArtifact, saveModel } from '../../../src/checks/index.js';
import { isMlhooksError } from '../../../src/errors.js';
import { FIXTURES } from '../../helpers/cli.js';
import { tempDir } from './tempDir.js';
import { LABELS, tf, trainedClassifier, X } from './tinyModels.js';

// Artifact checks straight from data, as a model's `artifact` in mlhooks.config.mjs gives them.

let saved: string;
beforeAll(async () => {
  // One trained model for the whole file; each test writes its own example files.
  saved = join(tempDir.persistent(), 'models', 'nli', 'model.json');
  await saveModel(await trainedClassifier(), saved);
});

const project = (): string => {
  const root = tempDir();
  mkdirSync(join(root, 'checks', 'examples'), { recursive: true });
  writeFileSync(join(root, 'checks/examples/entailment.json'), JSON.stringify(X[0]));
  writeFileSync(join(root, 'checks/examples/neutral.json'), JSON.stringify(X[1]));
  return root;
};

const spec = (extra: Partial<ArtifactSpec> = {}): ArtifactSpec => ({
  path: saved,
  labels: LABELS,
  examples: [
    { input: 'checks/examples/entailment.json', label: 'entailment' },
    { input: 'checks/examples/neutral.json', label: 'neutral' },
    { input: X[2]!, label: 'contradiction' },
  ],
  expectOutputs: [
    { name: 'sure entailment', input: 'checks/examples/entailment.json', output: 'entailment', atLeast: 0.9 },
  ],
  ...extra,
});

describe('checkArtifact', () => {
  it('loads the model and runs every check the data asks for; the report is plain JSON', async () => {
    const report = await checkArtifact(spec(), { cwd: project() });
    expect(report.results.map((r) => [r.name, r.tier, r.status])).toEqual([
      ['load', 'fast', 'pass'],
      ['outputShape', 'fast', 'pass'],
      ['finite', 'fast', 'pass'],
      ['outputRange', 'fast', 'pass'],
      ['labelMapping', 'slow', 'pass'],
      ['expectOutputs', 'slow', 'pass'],
    ]);
    expect(report).toMatchObject({ ok: true, backend: 'wasm' });
    expect(report.results[0]!.evidence).toMatchObject({
      format: 'layers-model',
      inputs: [[null, 4]],
      outputs: [[null, 3]],
    });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('runs only the fast checks for the fast tier', async () => {
    const report = await checkArtifact(spec(), { cwd: project(), tier: 'fast' });
    expect(report.results.map((r) => r.name)).toEqual(['load', 'outputShape', 'finite', 'outputRange']);
  });

  it('reports a swapped label map as a failed check, not a throw', async () => {
    const report = await checkArtifact(spec({ labels: ['neutral', 'entailment', 'contradiction'] }), {
      cwd: project(),
    });
    expect(report.ok).toBe(false);
    const mapping = report.results.find((r) => r.name === 'labelMapping')!;
    expect(mapping.status).toBe('fail');
    expect(mapping.message).toMatch(/^labelMapping: 2 of 3 examples landed on another class/);
    expect(mapping.evidence).toMatchObject({ suggestedOrder: ['entailment', 'neutral', 'contradiction'] });
    expect(report.results.find((r) => r.name === 'outputShape')!.status).toBe('pass');
  });

  it('reports a Git LFS pointer as an error the user can fix, and checks nothing else', async () => {
    const root = project();
    mkdirSync(join(root, 'models'));
    writeFileSync(
      join(root, 'models/model.json'),
      'version https://git-lfs.github.com/spec/v1\noid sha256:abc123\nsize 99\n',
    );
    const report = await checkArtifact(spec({ path: 'models/model.json' }), { cwd: root });
    expect(report).toMatchObject({ ok: false, backend: null });
    expect(report.results).toEqual([
      expect.objectContaining({
        name: 'load',
        status: 'error',
        code: 'E_MODEL',
        message: expect.stringMatching(/run `git lfs pull`$/),
      }),
    ]);
  });

  it('throws a config error naming the field when an example file is missing', async () => {
    const error = await checkArtifact(
      spec({ examples: [{ input: 'checks/examples/gone.json', label: 'neutral' }] }),
      { cwd: project() },
    ).catch((e: unknown) => e);
    expect(isMlhooksError(error) && error.code).toBe('E_CONFIG');
    expect((error as Error).message).toBe('examples[0].input: checks/examples/gone.json does not exist');
  });

  it('takes a single sigmoid score with two labels: "score >= 0.95 means unsafe"', async () => {
    const t = await tf();
    const model = t.sequential({
      layers: [
        t.layers.dense({ units: 1, activation: 'sigmoid', inputShape: [2], kernelInitializer: 'zeros' }),
      ],
    });
    model.compile({ optimizer: t.train.adam(0.1), loss: 'binaryCrossentropy' });
    const x = t.tensor2d([
      [1, 0],
      [0, 1],
      [0.9, 0.2],
      [0.1, 0.8],
    ]);
    await model.fit(x, t.tensor2d([[1], [0], [1], [0]]), { epochs: 200, verbose: 0 });
    const root = project();
    await saveModel(model, join(root, 'models/moderation/model.json'));
    const report = await checkArtifact(
      {
        path: 'models/moderation/model.json',
        labels: ['safe', 'unsafe'],
        examples: [
          { input: [1, 0], label: 'unsafe' },
          { input: [0, 1], label: 'safe' },
        ],
        expectOutputs: [
          { name: 'slur', input: [1, 0], output: 'unsafe', atLeast: 0.95 },
          { name: 'greeting', input: [0, 1], output: 'unsafe', atMost: 0.05 },
        ],
      },
      { cwd: root },
    );
    expect(report.results.map((r) => [r.name, r.status, r.message])).toEqual([
      ['load', 'pass', null],
      ['outputShape', 'pass', null],
      ['finite', 'pass', null],
      ['outputRange', 'pass', null],
      ['labelMapping', 'pass', null],
      ['expectOutputs', 'pass', null],
    ]);
  });

  it('starts the model server from data, and only that when nothing else is asked for', async () => {
    const report = await checkArtifact(
      {
        path: saved,
        server: {
          command: [process.execPath, join(FIXTURES, 'checks', 'model-server.mjs'), 'right'],
          ready: { output: 'listening on' },
          examples: [{ body: { text: 'I love it' }, expect: { label: 'positive' } }],
        },
      },
      { cwd: project(), tier: 'slow' },
    );
    expect(report.results.map((r) => [r.name, r.status])).toEqual([['serverServes', 'pass']]);
    expect(report.backend).toBeNull();
  });
});
