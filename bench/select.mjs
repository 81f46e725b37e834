// Test selection on synthetic repos, side by side in one run: mlhooks (cold, warm, incremental)
// against `jest --findRelatedTests --listTests` (cold and warm) and `vitest related`, on the same
// change, each compared with the generator's ground truth (the reverse closure of its import DAG).
// Python repos: mlhooks against the ground truth. Run: npm run build && node bench/select.mjs
//
// Env: SIZES=2000,10000  PY_SIZES=2000,10000  CHANGES=20  RUNS=5 (warm repeats)  COLD_RUNS=3 (medians)
//      VITEST_MAX=2000 (largest size vitest runs at; it is slow)  MLHOOKS_BIN=path/to/bin.cjs
//      BASELINE_BIN=path/to/bin.cjs: a build without the import graph, to show what the CLI costs by itself
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const list = (value, fallback) => (value ?? fallback).split(',').filter(Boolean).map(Number);
const SIZES = list(process.env.SIZES, '2000,10000');
const PY_SIZES = list(process.env.PY_SIZES, '2000,10000');
const CHANGES = Number(process.env.CHANGES ?? 20);
const RUNS = Number(process.env.RUNS ?? 5);
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 3);
const VITEST_MAX = Number(process.env.VITEST_MAX ?? 2000);
const BIN =
  process.env.MLHOOKS_BIN ?? [join(ROOT, 'dist', 'bin.cjs'), join(ROOT, 'dist', 'bin.js')].find(existsSync);
const BASELINE_BIN = process.env.BASELINE_BIN;
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  CI: '1',
};
for (const key of Object.keys(env))
  if (key.startsWith('GIT_') && !key.startsWith('GIT_CONFIG')) delete env[key];
// The CPU time (user + system) of the processes run and reaped so far, their threads and the git
// processes they ran included; where /proc does not say (not Linux), NaN. It shows whether a tool is
// faster by using the second core or by doing less work.
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
const childrenCpuMs = () => {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime: fields 16 and 17 of proc(5), counted from the state (field 3).
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / ticks;
  } catch {
    return Number.NaN;
  }
};
const run = (argv, cwd, { check = true, env: extra = null } = {}) => {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const out = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env: extra ? { ...env, ...extra } : env,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - start;
  const cpu = childrenCpuMs() - cpuBefore;
  if (check && out.status !== 0)
    throw new Error(`${argv.join(' ').slice(0, 200)} exited ${out.status}: ${out.stderr.slice(0, 2000)}`);
  return { ...out, ms, cpu };
};
const git = (cwd, ...args) => run(['git', ...args], cwd).stdout;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Repeated runs of one tool as one: the median time and CPU, and the first run's selection. */
const summary = (runs) => ({
  ms: median(runs.map((r) => r.ms)),
  cpu: median(runs.map((r) => r.cpu)),
  selected: runs[0].selected,
});

// A seeded PRNG, so every run builds the same repos.
const rng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * An import DAG: file i imports up to 3 earlier files, mostly from its own folder, some from a
 * shared core, a few from anywhere. Returns the edges; the ground truth is their reverse closure.
 */
const makeDag = (n, random, perDir = 100, core = 100) => {
  const deps = [];
  for (let i = 0; i < n; i++) {
    const mine = new Set();
    const count = i === 0 ? 0 : Math.floor(random() * 4);
    for (let k = 0; k < count; k++) {
      const r = random();
      const dirStart = Math.floor(i / perDir) * perDir;
      let j;
      if (r < 0.7 && i > dirStart) j = dirStart + Math.floor(random() * (i - dirStart));
      else if (r < 0.9) j = Math.floor(random() * Math.min(i, core));
      else j = Math.floor(random() * i);
      if (j < i) mine.add(j);
    }
    deps.push([...mine]);
  }
  return deps;
};

const closure = (deps, changed) => {
  const dependents = deps.map(() => []);
  deps.forEach((ds, i) => {
    for (const j of ds) dependents[j].push(i);
  });
  const seen = new Set(changed);
  const queue = [...changed];
  while (queue.length) {
    for (const d of dependents[queue.pop()]) {
      if (seen.has(d)) continue;
      seen.add(d);
      queue.push(d);
    }
  }
  return seen;
};

const pickChanged = (n, random, count) => {
  const out = new Set();
  while (out.size < Math.min(count, n)) out.add(100 + Math.floor(random() * (n - 100)));
  return [...out];
};

const writeTree = (root, files) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
};

// No background gc racing the timings; the repo is packed once, as a clone is.
const commitAll = (root, message) => {
  git(root, 'add', '-A');
  git(root, '-c', 'user.name=b', '-c', 'user.email=b@b', '-c', 'gc.auto=0', 'commit', '-q', '-m', message);
};
const initRepo = (root, files) => {
  writeTree(root, files);
  git(root, 'init', '-q', '-b', 'main');
  // jest's cache lives in the repo while it is timed; it must not be committed with the next change.
  writeFileSync(join(root, '.git', 'info', 'exclude'), '.jest-cache/\n');
  commitAll(root, 'init');
  git(root, 'checkout', '-q', '-b', 'change');
};

const body = (i) =>
  [
    `// Module ${i}: synthetic, about the size of a small real module.`,
    `export const NAME_${i} = 'module-${i}';`,
    `export interface Shape${i} { id: number; label: string; values: number[] }`,
    `export function compute${i}(input: Shape${i}): number {`,
    '  let total = 0;',
    '  for (const value of input.values) total += value * 2;',
    `  return total / Math.max(1, input.values.length) + ${i};`,
    '}',
    `export const describe${i} = (s: Shape${i}) => \`\${s.label}: \${compute${i}(s)}\`;`,
  ].join('\n');

/** A TypeScript repo: src/d<k>/m<i>.ts in folders of 100, ~20% with test/d<k>/m<i>.test.ts. */
const makeTsRepo = (root, n, random) => {
  const deps = makeDag(n, random);
  const dirOf = (i) => `d${Math.floor(i / 100)}`;
  const rel = (from, to) => (dirOf(from) === dirOf(to) ? `./m${to}` : `../${dirOf(to)}/m${to}`);
  const files = {
    'package.json': JSON.stringify({ name: 'synthetic', private: true, type: 'module' }, null, 2),
    'tsconfig.json': JSON.stringify(
      { compilerOptions: { strict: true, module: 'nodenext', target: 'es2022' } },
      null,
      2,
    ),
    'jest.config.cjs':
      "module.exports = { testMatch: ['<rootDir>/test/**/*.test.ts'], moduleFileExtensions: ['ts', 'js', 'json'], watchman: false };\n",
    'vitest.config.mjs': "export default { test: { include: ['test/**/*.test.ts'], globals: true } };\n",
    'README.md': '# synthetic\n',
  };
  const tests = new Map();
  for (let i = 0; i < n; i++) {
    const lines = deps[i].map((j, k) => {
      // The forms every tool should handle: named import, type import, re-export, literal import().
      const form = (i + k) % 10;
      if (form === 7) return `import type { Shape${j} } from '${rel(i, j)}';`;
      if (form === 8) return `export { compute${j} } from '${rel(i, j)}';`;
      if (form === 9) return `export const lazy${j} = () => import('${rel(i, j)}');`;
      return `import { compute${j} } from '${rel(i, j)}';`;
    });
    // Use what is imported, as real code does: TypeScript transforms (vitest's) drop unused imports.
    const used = deps[i].filter((_, k) => (i + k) % 10 < 7).map((j) => `compute${j}`);
    const uses = used.length > 0 ? `export const uses${i} = [${used.join(', ')}];\n` : '';
    files[`src/${dirOf(i)}/m${i}.ts`] = `${lines.join('\n')}\n${body(i)}\n${uses}`;
    if (random() < 0.2) {
      const path = `test/${dirOf(i)}/m${i}.test.ts`;
      tests.set(i, path);
      files[path] =
        `import { compute${i} } from '../../src/${dirOf(i)}/m${i}';\n\ntest('m${i}', () => {\n  expect(typeof compute${i}).toBe('function');\n});\n`;
    }
  }
  initRepo(root, files);
  const changed = pickChanged(n, random, CHANGES);
  for (const i of changed)
    writeFileSync(join(root, `src/${dirOf(i)}/m${i}.ts`), `${files[`src/${dirOf(i)}/m${i}.ts`]}// changed\n`);
  commitAll(root, 'change');
  git(root, 'gc', '-q');
  const truth = new Set([...closure(deps, changed)].filter((i) => tests.has(i)).map((i) => tests.get(i)));
  return {
    changedPaths: changed.map((i) => `src/${dirOf(i)}/m${i}.ts`),
    truth,
    touch: (i) => `src/${dirOf(i)}/m${i}.ts`,
    tests: tests.size,
  };
};

/** A Python repo, src layout: src/pkg/p<k>/m<i>.py, tests/p<k>/test_m<i>.py; absolute and relative imports. */
const makePyRepo = (root, n, random) => {
  const deps = makeDag(n, random);
  const pkgOf = (i) => `p${Math.floor(i / 100)}`;
  const files = { 'pyproject.toml': '[project]\nname = "pkg"\nversion = "0"\n', 'src/pkg/__init__.py': '' };
  const tests = new Map();
  for (let i = 0; i < n; i++) {
    if (i % 100 === 0) files[`src/pkg/${pkgOf(i)}/__init__.py`] = '';
    const lines = deps[i].map((j, k) => {
      const same = pkgOf(i) === pkgOf(j);
      const form = (i + k) % 4;
      if (form === 0 && same) return `from . import m${j}`;
      if (form === 1 && !same) return `from ..${pkgOf(j)}.m${j} import compute_${j}`;
      if (form === 2) return `import pkg.${pkgOf(j)}.m${j}`;
      return `from pkg.${pkgOf(j)} import (\n    m${j},\n)`;
    });
    files[`src/pkg/${pkgOf(i)}/m${i}.py`] =
      `${lines.join('\n')}\n\nNAME = 'module-${i}'\n\n\ndef compute_${i}(values):\n    return sum(v * 2 for v in values) + ${i}\n`;
    if (random() < 0.2) {
      const path = `tests/${pkgOf(i)}/test_m${i}.py`;
      tests.set(i, path);
      files[path] =
        `from pkg.${pkgOf(i)}.m${i} import compute_${i}\n\n\ndef test_m${i}():\n    assert compute_${i}([1]) > 0\n`;
    }
  }
  initRepo(root, files);
  const changed = pickChanged(n, random, CHANGES);
  for (const i of changed)
    writeFileSync(
      join(root, `src/pkg/${pkgOf(i)}/m${i}.py`),
      `${files[`src/pkg/${pkgOf(i)}/m${i}.py`]}# changed\n`,
    );
  commitAll(root, 'change');
  git(root, 'gc', '-q');
  const truth = new Set([...closure(deps, changed)].filter((i) => tests.has(i)).map((i) => tests.get(i)));
  return { truth, touch: (i) => `src/pkg/${pkgOf(i)}/m${i}.py`, tests: tests.size };
};

const compare = (selected, truth) => {
  const missed = [...truth].filter((t) => !selected.has(t)).length;
  const extra = [...selected].filter((t) => !truth.has(t)).length;
  return { missed, extra, count: selected.size };
};

/** `affected --json --base main`, or with `hookEnv` the staged change as a pre-commit hook sees it. */
const mlhooks = (root, bin = BIN, hookEnv = null) => {
  const argv = hookEnv ? ['affected', '--json'] : ['affected', '--json', '--base', 'main'];
  const out = run([process.execPath, bin, ...argv], root, { env: hookEnv });
  return { ms: out.ms, cpu: out.cpu, selected: new Set(JSON.parse(out.stdout).selected.map((s) => s.path)) };
};
const clearMlhooksCache = (root) => rmSync(join(root, '.git', 'mlhooks'), { recursive: true, force: true });

const jest = (root, cache, changed) => {
  const out = run(
    [process.execPath, JEST, '--listTests', '--findRelatedTests', ...changed, `--cacheDirectory=${cache}`],
    root,
  );
  const selected = new Set(
    out.stdout
      .split('\n')
      .filter((line) => line.startsWith('/'))
      .map((line) => relative(root, line)),
  );
  return { ms: out.ms, cpu: out.cpu, selected };
};

const vitest = (root, changed) => {
  const report = join(root, '.vitest-report.json');
  const out = run(
    [
      process.execPath,
      VITEST,
      'related',
      ...changed,
      '--run',
      '--reporter=json',
      `--outputFile=${report}`,
      '--passWithNoTests',
    ],
    root,
    { check: false },
  );
  const json = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : { testResults: [] };
  return { ms: out.ms, selected: new Set(json.testResults.map((r) => relative(root, r.name))) };
};

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const rows = [];
const row = (repo, tool, ms, result, note = '') =>
  rows.push({
    repo,
    tool,
    time: fmt(ms),
    ms,
    selected: result?.count ?? '',
    missed: result?.missed ?? '',
    extra: result?.extra ?? '',
    note,
  });

if (!BIN) throw new Error('build mlhooks first (npm run build), or set MLHOOKS_BIN');
// Bare node start-ups: these first ones, and one after each warm run below; the table's "× node"
// is against the median of them all.
const nodeRuns = Array.from({ length: Math.max(RUNS, 5) }, () => run([process.execPath, '-e', '0'], ROOT).ms);
const nodeRow = rows.length;
row('-', 'node -e 0', Number.NaN, null);
const ratios = [];
/** RUNS warm runs, each paired with a bare `node -e 0` (kept for the table's "× node" too). */
const warmRuns = (root) => {
  const warm = [];
  const bareNode = [];
  for (let k = 0; k < RUNS; k++) {
    warm.push(mlhooks(root));
    bareNode.push(run([process.execPath, '-e', '0'], ROOT).ms);
    nodeRuns.push(bareNode.at(-1));
  }
  return { warm, bareNode };
};

for (const n of SIZES) {
  const root = mkdtempSync(join(tmpdir(), `mlhooks-bench-ts${n}-`));
  try {
    const random = rng(n);
    const repo = makeTsRepo(root, n, random);
    const label = `TS ${n} (${repo.tests} tests, ${CHANGES} changed, truth ${repo.truth.size})`;
    // Cold: no cache under .git/mlhooks (nor jest's); the median of COLD_RUNS. Each mlhooks run is
    // paired with a jest run right after it, so that the machine's load weighs on both alike.
    const cache = join(root, '.jest-cache');
    const colds = [];
    const jestColds = [];
    for (let k = 0; k < COLD_RUNS; k++) {
      clearMlhooksCache(root);
      colds.push(mlhooks(root));
      rmSync(cache, { recursive: true, force: true });
      jestColds.push(jest(root, cache, repo.changedPaths));
    }
    const cold = summary(colds);
    row(label, 'mlhooks cold', cold.ms, compare(cold.selected, repo.truth));
    const jestCold = summary(jestColds);
    const { warm, bareNode } = warmRuns(root);
    const warmed = summary(warm);
    row(label, 'mlhooks warm', warmed.ms, compare(warmed.selected, repo.truth));
    if (BASELINE_BIN) {
      const base = Array.from({ length: RUNS }, () => mlhooks(root, BASELINE_BIN));
      row(label, 'mlhooks without the graph', summary(base).ms, null, 'BASELINE_BIN: the rest of `affected`');
    }
    // The next commit: 20 more files changed since the cache was made; only they are parsed again.
    for (const i of pickChanged(n, random, CHANGES))
      writeFileSync(
        join(root, repo.touch(i)),
        `${readFileSync(join(root, repo.touch(i)), 'utf8')}// again\n`,
      );
    commitAll(root, 'more');
    const incremental = mlhooks(root);
    row(
      label,
      `mlhooks, ${CHANGES} more edits committed`,
      incremental.ms,
      null,
      `${CHANGES} more files edited since the cache: the saved graph is patched`,
    );
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    row(label, 'jest --findRelatedTests cold', jestCold.ms, compare(jestCold.selected, repo.truth));
    const jestWarm = summary(
      Array.from({ length: Math.min(RUNS, 3) }, () => jest(root, cache, repo.changedPaths)),
    );
    row(label, 'jest --findRelatedTests warm', jestWarm.ms, compare(jestWarm.selected, repo.truth));
    if (n <= VITEST_MAX) {
      const v = vitest(root, repo.changedPaths);
      row(label, 'vitest related', v.ms, compare(v.selected, repo.truth), 'runs the selected tests');
    } else row(label, 'vitest related', Number.NaN, null, `skipped above VITEST_MAX=${VITEST_MAX}`);
    // The same change staged, as the pre-commit hook sees it: git sets GIT_INDEX_FILE for the hook.
    git(root, 'reset', '-q', '--soft', 'main');
    const hookEnv = { GIT_INDEX_FILE: '.git/index' };
    mlhooks(root, BIN, hookEnv);
    const hook = summary(Array.from({ length: RUNS }, () => mlhooks(root, BIN, hookEnv)));
    row(
      label,
      'mlhooks warm, in a pre-commit hook',
      hook.ms,
      compare(hook.selected, repo.truth),
      'staged change, GIT_INDEX_FILE set as git sets it',
    );
    /** RUNS runs as the pre-commit hook, each after `stage(k)` staged one more change. */
    const hookRuns = (stage) =>
      summary(
        Array.from({ length: RUNS }, (_, k) => {
          stage(k);
          return mlhooks(root, BIN, hookEnv);
        }),
      );
    // The next commit in the hook: one more edit staged (a new index, so no saved graph is of it;
    // the saved one is patched). The edited files are already in the change, so the truth holds.
    const next = hookRuns((k) => {
      const path = repo.changedPaths[k % repo.changedPaths.length];
      writeFileSync(join(root, path), `${readFileSync(join(root, path), 'utf8')}// commit ${k}\n`);
      git(root, 'add', '--', path);
    });
    row(
      label,
      'mlhooks, next commit in the hook',
      next.ms,
      compare(next.selected, repo.truth),
      'one more file edited and staged: the saved graph is patched',
    );
    // A commit that adds a file: another set of files, so the graph is built again, from the
    // facts cache (only the new file is scanned). The new module is used by nothing: same truth.
    const added = [];
    const grown = hookRuns((k) => {
      const path = `src/added/a${k}.ts`;
      mkdirSync(join(root, 'src/added'), { recursive: true });
      writeFileSync(
        join(root, path),
        `import { compute0 } from '../d0/m0';\nexport const a${k} = compute0;\n`,
      );
      git(root, 'add', '--', path);
      added.push(path);
    });
    row(
      label,
      'mlhooks, a file added in the hook',
      grown.ms,
      compare(grown.selected, repo.truth),
      'a new file staged: the graph is built from the facts cache',
    );
    git(root, 'rm', '-q', '--cached', '--', ...added);
    rmSync(join(root, 'src/added'), { recursive: true, force: true });
    const cpu = ({ cpu: ms }) => (Number.isNaN(ms) ? 'n/a' : fmt(ms));
    ratios.push(
      `TS ${n}: mlhooks cold / jest cold = ${(cold.ms / jestCold.ms).toFixed(3)} (target < 0.5); mlhooks warm / node -e 0 = ${(warmed.ms / median(bareNode)).toFixed(2)} (target < 2, node -e 0 run alongside: ${fmt(median(bareNode))}); missed ${compare(cold.selected, repo.truth).missed}`,
      `TS ${n}: CPU time (user + system, threads and git included) of the cold runs: mlhooks ${cpu(cold)}, jest ${cpu(jestCold)}`,
    );
  } finally {
    if (process.env.KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

for (const n of PY_SIZES) {
  const root = mkdtempSync(join(tmpdir(), `mlhooks-bench-py${n}-`));
  try {
    const repo = makePyRepo(root, n, rng(n + 1));
    const label = `Python ${n} (${repo.tests} tests, ${CHANGES} changed, truth ${repo.truth.size})`;
    // Cold: no cache under .git/mlhooks; the median of COLD_RUNS.
    const colds = Array.from({ length: COLD_RUNS }, () => {
      clearMlhooksCache(root);
      return mlhooks(root);
    });
    const cold = summary(colds);
    row(label, 'mlhooks cold', cold.ms, compare(cold.selected, repo.truth));
    const { warm, bareNode } = warmRuns(root);
    const warmed = summary(warm);
    row(label, 'mlhooks warm', warmed.ms, compare(warmed.selected, repo.truth));
    ratios.push(
      `Python ${n}: mlhooks warm / node -e 0 = ${(warmed.ms / median(bareNode)).toFixed(2)}; missed ${compare(cold.selected, repo.truth).missed}`,
    );
  } finally {
    if (process.env.KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

const nodeMs = median(nodeRuns);
rows[nodeRow].ms = nodeMs;
rows[nodeRow].time = fmt(nodeMs);
console.log(
  `test selection, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, mlhooks via ${relative(ROOT, BIN)} affected --json --base main`,
);
const widths = {
  repo: Math.max(...rows.map((r) => r.repo.length)),
  tool: Math.max(...rows.map((r) => r.tool.length)),
};
console.log(
  `${'repo'.padEnd(widths.repo)}  ${'tool'.padEnd(widths.tool)}  ${'time'.padStart(9)}  ${'× node'.padStart(7)}  selected  missed  extra  note`,
);
for (const r of rows) {
  const times = Number.isNaN(r.ms) ? '-' : r.time;
  const ratio = Number.isNaN(r.ms) ? '-' : `${(r.ms / nodeMs).toFixed(1)}×`;
  console.log(
    `${r.repo.padEnd(widths.repo)}  ${r.tool.padEnd(widths.tool)}  ${times.padStart(9)}  ${ratio.padStart(7)}  ${String(r.selected).padStart(8)}  ${String(r.missed).padStart(6)}  ${String(r.extra).padStart(5)}  ${r.note}`,
  );
}
for (const line of ratios) console.log(line);
