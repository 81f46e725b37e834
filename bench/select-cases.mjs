// Which of the import-graph edge cases (test/fixtures/graphCases.mjs) mlhooks, jest and vitest
// catch, measured for real: one temp repo per case, the change staged, then
// `mlhooks affected --json`, `jest --listTests --findRelatedTests <changed>` and
// `vitest related <changed> --run`. Prints the README table (markdown).
// Run: npm run build && node bench/select-cases.mjs   (MLHOOKS_BIN=path/to/bin.cjs to try another build)
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GRAPH_CASES } from '../test/fixtures/graphCases.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN =
  process.env.MLHOOKS_BIN ?? [join(ROOT, 'dist', 'bin.cjs'), join(ROOT, 'dist', 'bin.js')].find(existsSync);
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const JEST_CONFIG = JSON.stringify({
  testMatch: ['**/?(*.)+(spec|test).?([mc])[jt]s?(x)'],
  moduleFileExtensions: ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'json'],
  watchman: false,
});

const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  NO_COLOR: '1',
  CI: '1',
};
for (const key of Object.keys(env))
  if (key.startsWith('GIT_') && !key.startsWith('GIT_CONFIG')) delete env[key];
const run = (argv, cwd) =>
  spawnSync(argv[0], argv.slice(1), { cwd, env, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 120_000 });
const git = (cwd, ...args) => {
  const out = run(['git', ...args], cwd);
  if (out.status !== 0) throw new Error(`git ${args.join(' ')}: ${out.stderr}`);
  return out.stdout;
};

const writeTree = (root, files) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
};

/** A repo with the case's files committed and its change staged; returns the changed paths. */
const setUp = (root, c) => {
  writeTree(root, c.files);
  git(root, 'init', '-q', '-b', 'main');
  writeFileSync(join(root, '.git', 'info', 'exclude'), 'node_modules\n.vitest-report.json\n');
  git(root, 'add', '-A');
  git(root, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'init');
  // What npm install would link in a monorepo; jest and vitest resolve workspace packages through it.
  for (const [link, target] of Object.entries(c.links ?? {})) {
    mkdirSync(dirname(join(root, link)), { recursive: true });
    symlinkSync(relative(dirname(join(root, link)), join(root, target)), join(root, link));
  }
  if (c.change.modify) writeTree(root, c.change.modify);
  for (const path of c.change.delete ?? []) git(root, 'rm', '-q', path);
  for (const [from, to] of Object.entries(c.change.rename ?? {})) git(root, 'mv', from, to);
  git(root, 'add', '-A');
  return [
    ...Object.keys(c.change.modify ?? {}),
    ...(c.change.delete ?? []),
    ...Object.entries(c.change.rename ?? {}).flat(),
  ];
};

const mlhooks = (root) => {
  const out = run([process.execPath, BIN, 'affected', '--json'], root);
  if (out.status !== 0) throw new Error(`mlhooks affected: ${out.stderr}`);
  return JSON.parse(out.stdout).selected.map((s) => s.path);
};

const jest = (root, changed) => {
  const out = run(
    [
      process.execPath,
      JEST,
      '--listTests',
      '--findRelatedTests',
      ...changed.map((p) => join(root, p)),
      '--config',
      JEST_CONFIG,
      '--rootDir',
      root,
      `--cacheDirectory=${join(root, 'node_modules', '.jest')}`,
    ],
    root,
  );
  return out.stdout
    .split('\n')
    .filter((line) => line.startsWith('/'))
    .map((line) => relative(root, line));
};

const vitest = (root, changed) => {
  const report = join(root, '.vitest-report.json');
  run(
    [
      process.execPath,
      VITEST,
      'related',
      ...changed,
      '--run',
      '--globals',
      '--reporter=json',
      `--outputFile=${report}`,
      '--passWithNoTests',
    ],
    root,
  );
  return existsSync(report)
    ? JSON.parse(readFileSync(report, 'utf8')).testResults.map((r) => relative(root, r.name))
    : [];
};

const verdict = (selected, expected) => {
  const missed = expected.filter((t) => !selected.includes(t)).length;
  const extra = selected.filter((t) => !expected.includes(t)).length;
  if (missed > 0) return `✗${extra ? ` (+${extra})` : ''}`;
  return extra ? `✓ (+${extra})` : '✓';
};

if (!BIN) throw new Error('build mlhooks first (npm run build), or set MLHOOKS_BIN');
const rows = [];
const totals = { mlhooks: 0, jest: 0, vitest: 0, js: 0 };
for (const c of GRAPH_CASES) {
  const root = mkdtempSync(join(tmpdir(), `mlhooks-case-${c.id}-`));
  try {
    const changed = setUp(root, c);
    // jest and vitest only see JS/TS: Python cases do not apply to them.
    const js = c.expected.every((t) => /\.[mc]?[jt]sx?$/.test(t));
    const m = verdict(mlhooks(root), c.expected);
    const j = js ? verdict(jest(root, changed), c.expected) : '—';
    const v = js ? verdict(vitest(root, changed), c.expected) : '—';
    rows.push(`| ${c.group} | ${c.title.replaceAll('|', '\\|')} | ${m} | ${j} | ${v} |`);
    if (m.startsWith('✓')) totals.mlhooks++;
    if (js) {
      totals.js++;
      if (j.startsWith('✓')) totals.jest++;
      if (v.startsWith('✓')) totals.vitest++;
    }
    process.stderr.write(`${c.id}: mlhooks ${m}, jest ${j}, vitest ${v}\n`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
console.log(
  `Edge cases of test selection (bench/select-cases.mjs, ${new Date().toISOString().slice(0, 10)}): ✓ selects every test that depends on the change (+N: and N more), ✗ misses one, — does not apply (Python).\n`,
);
console.log('| Kind | Case | mlhooks | jest --findRelatedTests | vitest related |');
console.log('| --- | --- | --- | --- | --- |');
for (const row of rows) console.log(row);
console.log(
  `| | **caught** | **${totals.mlhooks}/${GRAPH_CASES.length}** | **${totals.jest}/${totals.js}** | **${totals.vitest}/${totals.js}** |`,
);
