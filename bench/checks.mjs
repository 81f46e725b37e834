// Model checks, side by side in one run: the same training check on the wasm and the cpu backend,
// and canOverfit stopping early against the same run held to a fixed step budget. Medians of RUNS
// (default 3) after a warm-up. Run: npm run build && node bench/checks.mjs
// Env: RUNS=3  MLHOOKS_CHECKS=path/to/checks.js (default dist/checks.js)
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 3);
const checks = await import(
  pathToFileURL(process.env.MLHOOKS_CHECKS ?? join(ROOT, 'dist', 'checks.js')).href
);
const { canOverfit, configureChecks, lossDecreases, tensorflow } = checks;

const lines = [];
configureChecks({ logger: { info: (line) => lines.push(line) } });
const { tf, info } = await tensorflow();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

// A seeded PRNG, so every run trains on the same data.
const rng = (seed) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

/** A seeded MLP; the data is `batch` random inputs with labels from a fixed random projection. */
const setup = ({ inputs, hidden, classes, batch, lr = 0.01 }) => {
  const random = rng(inputs * 31 + hidden);
  const x = Array.from({ length: batch }, () => Array.from({ length: inputs }, () => random() * 2 - 1));
  const w = Array.from({ length: inputs }, () => Array.from({ length: classes }, () => random() - 0.5));
  const y = x.map((row) => {
    const scores = w[0].map((_, c) => row.reduce((s, v, i) => s + v * w[i][c], 0));
    return scores.map((s) => (s === Math.max(...scores) ? 1 : 0));
  });
  const model = () => {
    const m = tf.sequential({
      layers: [
        tf.layers.dense({
          units: hidden,
          activation: 'relu',
          inputShape: [inputs],
          kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        }),
        tf.layers.dense({
          units: hidden,
          activation: 'relu',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
        }),
        tf.layers.dense({
          units: classes,
          activation: 'softmax',
          kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
        }),
      ],
    });
    m.compile({ optimizer: tf.train.adam(lr), loss: 'categoricalCrossentropy' });
    return m;
  };
  return { x, y, model };
};

const timed = async (run) => {
  const start = performance.now();
  const evidence = await run();
  return { ms: performance.now() - start, evidence };
};

console.log(
  `mlhooks/checks bench · TensorFlow.js ${info.version} · node ${process.version} · ${cpus().length} cores · median of ${RUNS}`,
);
console.log(lines.join('\n'));

// 1. wasm vs cpu: lossDecreases (60 training steps), on a tiny and on a mid-sized MLP.
console.log('\nwasm vs cpu · lossDecreases, 60 steps of trainOnBatch');
for (const shape of [
  { name: 'tiny  MLP 4-16-16-3, batch 6', inputs: 4, hidden: 16, classes: 3, batch: 6 },
  { name: 'mid   MLP 64-128-128-10, batch 64', inputs: 64, hidden: 128, classes: 10, batch: 64 },
]) {
  const { x, y, model } = setup(shape);
  const times = { cpu: [], wasm: [] };
  for (let i = -1; i < RUNS; i++) {
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const { ms, evidence } = await timed(() =>
        lossDecreases({ model: model(), x, y, steps: 60, minDrop: 0.01 }),
      );
      if (evidence.backend !== backend) throw new Error(`ran on ${evidence.backend}, not ${backend}`);
      if (i >= 0) times[backend].push(ms); // i = -1 warms up kernels and the wasm module
    }
  }
  const cpu = median(times.cpu);
  const wasm = median(times.wasm);
  console.log(
    `  ${shape.name.padEnd(36)} cpu ${fmt(cpu)}   wasm ${fmt(wasm)}   speed-up of wasm over cpu ${ratio(cpu, wasm)}`,
  );
}
await tf.setBackend(info.name);

// 2. canOverfit: stop at the target vs a fixed budget of 500 steps, same seeded model and data.
console.log(
  `\ncanOverfit early stop vs fixed budget · MLP 16-32-32-4, batch 64, loss < 0.05, budget 500 steps, ${tf.getBackend()}`,
);
{
  const { x, y, model } = setup({ inputs: 16, hidden: 32, classes: 4, batch: 64, lr: 0.003 });
  const early = [];
  const fixed = [];
  let stepsEarly = 0;
  let stepsFixed = 0;
  for (let i = -1; i < RUNS; i++) {
    const a = await timed(() => canOverfit({ model: model(), x, y, maxSteps: 500 }));
    const b = await timed(() => canOverfit({ model: model(), x, y, maxSteps: 500, earlyStop: false }));
    if (a.evidence.reachedAt !== b.evidence.reachedAt)
      throw new Error('the two runs did not reach the target at the same step');
    if (i < 0) continue;
    early.push(a.ms);
    fixed.push(b.ms);
    stepsEarly = a.evidence.steps;
    stepsFixed = b.evidence.steps;
  }
  const e = median(early);
  const f = median(fixed);
  console.log(`  early stop    ${String(stepsEarly).padStart(4)} steps ${fmt(e)}`);
  console.log(`  fixed budget  ${String(stepsFixed).padStart(4)} steps ${fmt(f)}`);
  console.log(
    `  early stopping runs ${ratio(stepsFixed, stepsEarly)} fewer steps and takes ${ratio(f, e)} less time`,
  );
}

// 3. The result cache: the demo's model checks (both tiers) run by `mlhooks checks`, first with
// --no-cache, then again with nothing changed. Real processes: the CLI, the worker, TensorFlow.js.
{
  const { spawnSync } = await import('node:child_process');
  const { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const repo = mkdtempSync(join(tmpdir(), 'mlhooks-bench-checks-'));
  cpSync(join(ROOT, 'templates', 'demo'), repo, { recursive: true });
  mkdirSync(join(repo, 'node_modules'));
  symlinkSync(ROOT, join(repo, 'node_modules', 'mlhooks'));
  symlinkSync(join(ROOT, 'node_modules', '@tensorflow'), join(repo, 'node_modules', '@tensorflow'));
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', NO_COLOR: '1' };
  const sh = (...argv) => spawnSync(argv[0], argv.slice(1), { cwd: repo, env, encoding: 'utf8' });
  sh('git', 'init', '-q', '-b', 'main');
  sh('git', 'add', '-A');
  sh('git', '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'init');
  const cli = (...args) => {
    const start = performance.now();
    const r = sh(process.execPath, join(ROOT, 'dist', 'bin.cjs'), 'checks', 'sentiment', ...args);
    if (r.status !== 0) throw new Error(`mlhooks checks failed:\n${r.stderr}`);
    return { ms: performance.now() - start, out: r.stderr };
  };
  const first = [];
  const cached = [];
  for (let i = -1; i < RUNS; i++) {
    const a = cli('--no-cache');
    const b = cli();
    if (!/cached \(passed at/.test(b.out)) throw new Error(`the second run was not cached:\n${b.out}`);
    if (i < 0) continue;
    first.push(a.ms);
    cached.push(b.ms);
  }
  rmSync(repo, { recursive: true, force: true });
  const f = median(first);
  const c = median(cached);
  console.log('\nresult cache · the demo model checks, fast + slow, through `mlhooks checks`');
  console.log(
    `  first run ${fmt(f)}   cached re-run ${fmt(c)}   the cached re-run takes ${ratio(c, f)} the time`,
  );
}
