import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveModel } from '../../src/checks/io/modelIO.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir, useTempRepos } from '../helpers/gitRepo.js';
import { isRunning } from '../helpers/processes.js';

// Model checks from the config, run by the stages in worker processes, on real TensorFlow.js.

const newRepo = useTempRepos();
beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** node_modules as `npm i -D mlhooks @tensorflow/tfjs` leaves it: mlhooks/checks and TensorFlow.js. */
const linkModules = (root: string) => {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(root, 'node_modules', 'mlhooks'));
  symlinkSync(join(ROOT, 'node_modules', '@tensorflow'), join(root, 'node_modules', '@tensorflow'));
};

// A check module: a fast check on random weights, a slow one that really trains.
const CHECK_MODULE = `
import { defineChecks, lossDecreases, outputShape } from 'mlhooks/checks';
import { readFileSync } from 'node:fs';
const data = JSON.parse(readFileSync(new URL('../data/train.json', import.meta.url), 'utf8'));
const build = (tf) => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })] });
export default defineChecks({
  fast: { shape: async ({ tf }) => outputShape({ model: build(tf), input: [[0, 1], [1, 0]], expected: [2, 2] }) },
  slow: {
    learns: async ({ tf }) =>
      lossDecreases({ model: build(tf), x: data.x, y: data.y, optimizer: tf.train.sgd(data.lr), loss: 'categoricalCrossentropy', steps: 40 }),
  },
});
`;
const DATA = (lr: number) =>
  JSON.stringify({
    x: [
      [1, 0],
      [0, 1],
      [0.9, 0.1],
      [0.2, 0.8],
    ],
    y: [
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ],
    lr,
  });

/** A classifier saved as model.json + weights: [1, 0] is "cat", [0, 1] is "dog" (`swapped`: the other way round). */
const saveClassifier = async (dir: string, swapped = false) => {
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [2], units: 2, activation: 'softmax' })],
  });
  const w = swapped ? -4 : 4;
  model.setWeights([
    tf.tensor2d([
      [w, -w],
      [-w, w],
    ]),
    tf.tensor1d([0, 0]),
  ]);
  await saveModel(model, join(dir, 'model.json'));
};

const config = (models: object) =>
  `export default ${JSON.stringify({ tests: [{ runner: 'node', include: ['test/**/*.test.mjs'] }], models }, null, 2)};\n`;

const setup = async (models: object, files: Record<string, string> = {}) => {
  const r = newRepo();
  linkModules(r.root);
  r.write({
    '.gitignore': 'node_modules\n',
    'package.json': '{ "name": "m", "private": true, "type": "module" }\n',
    'mlhooks.config.mjs': config(models),
    'checks/toy.check.mjs': CHECK_MODULE,
    'data/train.json': DATA(0.5),
    'src/toy.py': 'pass\n',
    'checks/cat.json': '[1, 0]',
    'checks/dog.json': '[0, 1]',
    ...files,
  });
  mkdirSync(join(r.root, 'models', 'pets'), { recursive: true });
  await saveClassifier(join(r.root, 'models', 'pets'));
  r.commit('initial');
  return r;
};

const TOY = { toy: { inputs: ['src/**', 'data/**'], checks: 'checks/toy.check.mjs' } };
const PETS = {
  pets: {
    inputs: ['models/pets/**'],
    artifact: {
      path: 'models/pets/model.json',
      labels: ['cat', 'dog'],
      examples: [
        { input: 'checks/cat.json', label: 'cat' },
        { input: 'checks/dog.json', label: 'dog' },
      ],
      expectOutputs: [{ input: 'checks/cat.json', output: 'cat', atLeast: 0.99 }],
    },
  },
};

describe('model checks run by the stages', () => {
  it('a changed input runs the fast checks on commit and both tiers on push; a pass is then cached', async () => {
    const r = await setup(TOY);
    r.write({ 'data/train.json': DATA(0.6) });
    r.git(['add', '-A']);
    const commit = await runCli(['run', 'pre-commit'], { cwd: r.root });
    expect(commit.exitCode, commit.all).toBe(0);
    expect(commit.stderr).toMatch(
      /model toy checks · data\/train\.json changed: input of model "toy" \(data\/\*\*\)/,
    );
    expect(commit.stderr).toMatch(
      /✔ model toy fast · checks · .*1 passed \(model toy, fast, TensorFlow\.js on (wasm|cpu)/,
    );

    r.git(['commit', '-q', '--no-verify', '-m', 'lr']);
    const push = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(push.exitCode, push.all).toBe(0);
    expect(push.stderr).toMatch(
      /✔ model toy slow · checks · .*1 passed \(model toy, slow, TensorFlow\.js on (wasm|cpu)/,
    );
    expect(push.stderr).toMatch(
      /✔ model toy fast · cached \(passed on a staged change over [0-9a-f]{7}, just now\)/,
    );

    const again = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(again.exitCode, again.all).toBe(0);
    expect(again.stderr).toMatch(/✔ model toy slow · cached \(passed at [0-9a-f]{7}/);
    expect(again.stderr).toMatch(/every affected model check passed before on the same inputs/);
    expect(again.stderr).not.toMatch(/▶/);

    const forced = await runCli(['run', 'pre-push', '--base', 'HEAD~1', '--no-cache'], { cwd: r.root });
    expect(forced.stderr).toMatch(/✔ model toy fast\+slow · checks/);
  });

  it('a training loop that cannot learn fails the push with the loss curve', async () => {
    const r = await setup(TOY);
    r.commit('lr 0', { 'data/train.json': DATA(0) });
    const push = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(push.exitCode).toBe(1);
    expect(push.stderr).toMatch(/✖ slow learns failed/);
    expect(push.stderr).toMatch(/loss [\d.]+ [▁▂▃▄▅▆▇█]+ [\d.]+ after 40 steps/);
    // A failure is not cached: the next push runs it again.
    const again = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(again.stderr).toMatch(/✖ slow learns failed/);
  });

  it('a change to the check module selects the checks alone', async () => {
    const r = await setup(TOY);
    r.write({ 'checks/toy.check.mjs': `${CHECK_MODULE}\n// edited\n` });
    r.git(['add', '-A']);
    const json = JSON.parse((await runCli(['affected', '--json'], { cwd: r.root })).stdout);
    expect(json.checks).toEqual([
      {
        model: 'toy',
        reasons: ['checks/toy.check.mjs changed: read by the checks of model "toy" (checks/toy.check.mjs)'],
      },
    ]);
    expect(json.commands.map((c: { runner: string }) => c.runner)).toEqual(['checks']);
  });

  it('what the check module imports is part of the cache key: a change there runs the checks again', async () => {
    const importing = CHECK_MODULE.replace(
      "import { readFileSync } from 'node:fs';",
      "import { readFileSync } from 'node:fs';\nimport { STEPS } from '../lib/settings.mjs';",
    ).replace('steps: 40', 'steps: STEPS');
    const r = await setup(TOY, {
      'checks/toy.check.mjs': importing,
      'lib/settings.mjs': 'export const STEPS = 40;\n',
    });
    const first = await runCli(['checks', 'toy'], { cwd: r.root });
    expect(first.exitCode, first.all).toBe(0);
    expect((await runCli(['checks', 'toy'], { cwd: r.root })).stderr).toMatch(/model toy slow · cached/);
    r.commit('more steps', { 'lib/settings.mjs': 'export const STEPS = 41;\n' });
    const push = await runCli(['run', 'pre-push', '--base', 'HEAD~1'], { cwd: r.root });
    expect(push.exitCode, push.all).toBe(0);
    expect(push.stderr).toMatch(/model toy checks · lib\/settings\.mjs -> checks\/toy\.check\.mjs/);
    expect(push.stderr).toMatch(/✔ model toy fast\+slow · checks/);
    expect(push.stderr).not.toMatch(/cached/);
  });
});

describe('artifact checks from config, no test code', () => {
  it('loads the model file and checks its label map and expected outputs', async () => {
    const r = await setup(PETS);
    const result = await runCli(['checks', 'pets'], { cwd: r.root });
    expect(result.exitCode, result.all).toBe(0);
    expect(result.stderr).toMatch(
      /✔ model pets fast\+slow · checks · .*6 passed \(model pets, fast\+slow, TensorFlow\.js on (wasm|cpu)/,
    );
  });

  it('a label map in the wrong order is caught, and names the order the model uses', async () => {
    const swapped = { pets: { ...PETS.pets, artifact: { ...PETS.pets.artifact, labels: ['dog', 'cat'] } } };
    const r = await setup(swapped);
    const result = await runCli(['checks', '--tier', 'slow'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/✖ slow artifact labelMapping failed/);
    expect(result.stderr).toMatch(/the model behaves as if its labels were \[cat, dog\]/);
  });

  it('weights outside git (ignored, as DVC or a download script leave them) are part of the cache key', async () => {
    const r = await setup(PETS, { '.gitignore': 'node_modules\nmodels/\n' });
    const first = await runCli(['checks', 'pets'], { cwd: r.root });
    expect(first.exitCode, first.all).toBe(0);
    expect((await runCli(['checks', 'pets'], { cwd: r.root })).stderr).toMatch(/model pets .*cached/);
    // New weights on disk, nothing in git changed: the checks run again, and catch the swap.
    await saveClassifier(join(r.root, 'models', 'pets'), true);
    const after = await runCli(['checks', 'pets'], { cwd: r.root });
    expect(after.stderr).not.toMatch(/cached/);
    expect(after.exitCode).toBe(1);
    expect(after.stderr).toMatch(/the model behaves as if its labels were \[dog, cat\]/);
  });

  it('weights in a folder linked in from elsewhere are read through the link for the key', async () => {
    const store = tempDir('mlhooks-weights-');
    await saveClassifier(store);
    const r = await setup(PETS, { '.gitignore': 'node_modules\nmodels/pets\n' });
    rmSync(join(r.root, 'models', 'pets'), { recursive: true });
    symlinkSync(store, join(r.root, 'models', 'pets'));
    expect((await runCli(['checks', 'pets'], { cwd: r.root })).exitCode).toBe(0);
    expect((await runCli(['checks', 'pets'], { cwd: r.root })).stderr).toMatch(/model pets .*cached/);
    // Overwritten in place, behind the link: git sees nothing, the key must change.
    await saveClassifier(store, true);
    const after = await runCli(['checks', 'pets'], { cwd: r.root });
    expect(after.stderr).not.toMatch(/cached/);
    expect(after.exitCode).toBe(1);
    rmSync(store, { recursive: true, force: true });
  });

  it('an ignored file the check module names is part of the cache key too', async () => {
    const reading = CHECK_MODULE.replace(
      "import { readFileSync } from 'node:fs';",
      "import { readFileSync } from 'node:fs';\nconst extra = readFileSync(new URL('../weights/extra.bin', import.meta.url));",
    );
    const r = await setup(TOY, {
      '.gitignore': 'node_modules\nweights/\n',
      'checks/toy.check.mjs': reading,
      'weights/extra.bin': 'v1',
    });
    expect((await runCli(['checks', 'toy'], { cwd: r.root })).exitCode).toBe(0);
    expect((await runCli(['checks', 'toy'], { cwd: r.root })).stderr).toMatch(/model toy slow · cached/);
    r.write({ 'weights/extra.bin': 'v2 from a new download' });
    const after = await runCli(['checks', 'toy'], { cwd: r.root });
    expect(after.exitCode, after.all).toBe(0);
    expect(after.stderr).not.toMatch(/cached/);
  });

  it('a Git LFS pointer where the weights should be: exit 3 and how to fix it', async () => {
    const r = await setup(PETS);
    r.write({
      'models/pets/weights.bin':
        'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n',
    });
    const result = await runCli(['checks', 'pets', '--no-cache'], { cwd: r.root });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/Git LFS pointer/);
    expect(result.stderr).toMatch(/git lfs pull/);
  });

  it('an unknown model name is a usage error that lists the models', async () => {
    const r = await setup(PETS);
    const result = await runCli(['checks', 'petz'], { cwd: r.root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no model "petz" with checks/);
    expect(result.stderr).toMatch(/Models with checks: pets/);
  });
});

describe('worker processes', () => {
  it('a crashing check module is reported and does not take the other model down', async () => {
    const r = await setup(
      { ...PETS, broken: { inputs: ['src/**'], checks: 'checks/broken.check.mjs' } },
      { 'checks/broken.check.mjs': "import 'mlhooks/checks';\nprocess.exit(9);\n" },
    );
    const result = await runCli(['checks'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/✖ model broken fast\+slow · checks · exit 9/);
    expect(result.stderr).toMatch(/✔ model pets fast\+slow · checks/);
  });

  it('a check that hangs is killed at its timeout with everything it started', async () => {
    const hang = `
import { defineChecks } from 'mlhooks/checks';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
export default defineChecks({ slow: { hangs: async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  writeFileSync('hang.pid', String(child.pid));
  await new Promise(() => {});
} } });
`;
    const r = await setup(
      { stuck: { inputs: ['src/**'], checks: 'checks/stuck.check.mjs', timeout: { slow: 2 } } },
      { 'checks/stuck.check.mjs': hang },
    );
    const result = await runCli(['checks', '--tier', 'slow'], { cwd: r.root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/⏱ model stuck slow · checks · killed after 2s \(timeout\)/);
    const { readFileSync } = await import('node:fs');
    expect(isRunning(Number(readFileSync(join(r.root, 'hang.pid'), 'utf8')))).toBe(false);
    writeFileSync(join(r.root, 'done'), '');
  });
});
