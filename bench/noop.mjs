// The cost of mlhooks on a commit that touches nothing testable (only README.md staged), side by
// side with bare `node`, `git diff --cached` and lint-staged 16 doing nothing in the same repo.
// Wall time per run (median) and CPU time (user+sys of the child, from /proc/self/stat), as ratios
// to `node -e 0`. Run: npm run bench:noop  (RUNS=40 by default; BASELINE_BIN adds another build).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 40);
const TICK_MS = 10; // USER_HZ is 100 on Linux

const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
for (const key of Object.keys(env))
  if (key.startsWith('GIT_') && !key.startsWith('GIT_CONFIG')) delete env[key];
const git = (cwd, ...args) => spawnSync('git', args, { cwd, env, encoding: 'utf8' });

// The demo ML repo (with its mlhooks.config.mjs), mlhooks linked as npm would, README.md staged.
const repo = mkdtempSync(join(tmpdir(), 'mlhooks-bench-'));
cpSync(join(ROOT, 'templates', 'demo'), repo, { recursive: true });
mkdirSync(join(repo, 'node_modules', '.bin'), { recursive: true });
symlinkSync(ROOT, join(repo, 'node_modules', 'mlhooks'));
writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
writeFileSync(join(repo, '.lintstagedrc.json'), '{ "*.py": "true" }\n');
git(repo, 'init', '-q', '-b', 'main');
git(repo, 'add', '-A');
git(repo, '-c', 'user.name=b', '-c', 'user.email=b@b', 'commit', '-q', '-m', 'init');
writeFileSync(join(repo, 'README.md'), `${readFileSync(join(repo, 'README.md'), 'utf8')}\nA line.\n`);
git(repo, 'add', 'README.md');

const childTicks = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[13]) + Number(fields[14]); // cutime + cstime
};

const candidates = [
  { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
  { name: 'git diff --cached', argv: ['git', 'diff', '--cached', '--name-status'] },
  {
    name: 'mlhooks run pre-commit',
    argv: [process.execPath, join(ROOT, 'dist', 'bin.cjs'), 'run', 'pre-commit'],
  },
  // BASELINE_BIN=path/to/bin.cjs: another build (an earlier commit's dist) side by side.
  ...(process.env.BASELINE_BIN
    ? [
        {
          name: 'mlhooks, BASELINE_BIN',
          argv: [process.execPath, process.env.BASELINE_BIN, 'run', 'pre-commit'],
        },
      ]
    : []),
  {
    name: 'lint-staged 16 (no match)',
    argv: [process.execPath, join(ROOT, 'node_modules', 'lint-staged', 'bin', 'lint-staged.js'), '--quiet'],
  },
];

const check = spawnSync(candidates[2].argv[0], candidates[2].argv.slice(1), {
  cwd: repo,
  env,
  encoding: 'utf8',
});
if (check.status !== 0 || !/no tests affected/.test(check.stderr)) {
  console.error('mlhooks did not take the no-op path:', check.status, check.stdout, check.stderr);
  process.exit(1);
}

const samples = new Map(candidates.map((c) => [c.name, { wall: [], cpu: 0 }]));
for (let i = 0; i < 3; i++)
  for (const c of candidates) spawnSync(c.argv[0], c.argv.slice(1), { cwd: repo, env }); // warm caches
// Round robin, so that drift of the machine hits every candidate alike.
for (let i = 0; i < RUNS; i++) {
  for (const c of candidates) {
    const ticks = childTicks();
    const start = performance.now();
    const result = spawnSync(c.argv[0], c.argv.slice(1), { cwd: repo, env, stdio: 'ignore' });
    const wall = performance.now() - start;
    if (result.status !== 0) throw new Error(`${c.name} exited ${result.status}`);
    const s = samples.get(c.name);
    s.wall.push(wall);
    s.cpu += (childTicks() - ticks) * TICK_MS;
  }
}
rmSync(repo, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = samples.get('node -e 0');
const baseWall = median(base.wall);
const baseCpu = base.cpu / RUNS;
console.log(
  `no-op commit (README.md staged), ${RUNS} runs each, round robin, ${new Date().toISOString().slice(0, 10)}, node ${process.version}`,
);
console.log('candidate                     wall (median)  × node    cpu (mean)  × node');
for (const c of candidates) {
  const s = samples.get(c.name);
  const wall = median(s.wall);
  const cpu = s.cpu / RUNS;
  console.log(
    `${c.name.padEnd(30)}${`${wall.toFixed(1)} ms`.padStart(13)}${`${(wall / baseWall).toFixed(2)}×`.padStart(8)}${`${cpu.toFixed(1)} ms`.padStart(13)}${`${(cpu / baseCpu).toFixed(2)}×`.padStart(8)}`,
  );
}
const ratio = median(samples.get('mlhooks run pre-commit').wall) / baseWall;
console.log(`\nmlhooks / node (wall): ${ratio.toFixed(2)}  target <= 1.30  ${ratio <= 1.3 ? 'OK' : 'OVER'}`);
