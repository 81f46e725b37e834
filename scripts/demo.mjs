// npm start: mlhooks end to end on the built-in example (templates/demo), in a temp dir.
// A small sentiment model repo gets the hooks; a commit runs the fast tests and model checks the
// change affects; a push to a local bare remote runs the real-model ones (TensorFlow.js training,
// the shipped weights' label map); retrained weights select, through the import graph, the tests
// and checks that read them, and once merged their checks are cached; a reordered label map passes
// the commit and is stopped by the push.
// Set MLHOOKS_DEMO_KEEP=1 to keep the repo and look around.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const bold = (s) => (color ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (color ? `\x1b[2m${s}\x1b[22m` : s);
const green = (s) => (color ? `\x1b[32m${s}\x1b[39m` : s);
const red = (s) => (color ? `\x1b[31m${s}\x1b[39m` : s);

const env = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'Demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
  ...(color ? { FORCE_COLOR: '1' } : {}),
};
for (const key of ['MLHOOKS', 'MLHOOKS_SKIP', 'HUSKY', 'GIT_DIR', 'GIT_INDEX_FILE', 'GIT_WORK_TREE'])
  delete env[key];

const base = mkdtempSync(join(tmpdir(), 'mlhooks-demo-'));
const repo = join(base, 'sentiment');
const remote = join(base, 'remote.git');
const results = [];

const quiet = (cmd, args, cwd = repo) => {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  return r.stdout;
};
/** Runs a command the user would type, showing its output as it happens. */
const shown = (cmd, args) => {
  console.log(`\n${dim('$')} ${bold([cmd, ...args].join(' '))}`);
  return spawnSync(cmd, args, { cwd: repo, env, stdio: 'inherit' }).status;
};
const step = (title) => console.log(`\n${bold(`── ${title} `)}${'─'.repeat(Math.max(0, 70 - title.length))}`);
const edit = (path, from, to) => {
  const file = join(repo, path);
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`demo template changed: "${from}" not in ${path}`);
  writeFileSync(file, text.replace(from, to));
};
const expect = (what, status, wanted) => {
  const ok = wanted === 'pass' ? status === 0 : status !== 0;
  results.push({ what, ok, got: status === 0 ? 'passed' : 'blocked' });
  console.log(
    ok
      ? green(`✔ as expected: ${what}`)
      : red(`✖ unexpected: ${what} (${status === 0 ? 'passed' : 'blocked'})`),
  );
};

try {
  step('1. A small ML repo, and mlhooks installed in it');
  cpSync(join(ROOT, 'templates', 'demo'), repo, { recursive: true });
  // What `npm i -D mlhooks @tensorflow/tfjs` leaves behind, pointing at this checkout.
  mkdirSync(join(repo, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(ROOT, join(repo, 'node_modules', 'mlhooks'));
  symlinkSync(join(ROOT, 'node_modules', '@tensorflow'), join(repo, 'node_modules', '@tensorflow'));
  symlinkSync(join(ROOT, 'dist', 'bin.cjs'), join(repo, 'node_modules', '.bin', 'mlhooks'));
  writeFileSync(join(repo, '.gitignore'), 'node_modules\n');
  quiet('git', ['init', '-q', '-b', 'main']);
  quiet('git', ['init', '-q', '--bare', '-b', 'main', remote], base);
  quiet('git', ['remote', 'add', 'origin', remote]);
  console.log(
    dim(
      `repo: ${repo}\n  src/ (tokenizer, model, labels) · data/train.json · models/sentiment.json (trained weights)\n  test/*.test.js (fast: shapes, pre-processing) · test/model.slow.test.js (slow: real training, shipped weights)`,
    ),
  );
  shown('npx', ['mlhooks', 'install']);
  quiet('git', ['add', '-A']);
  quiet('git', ['commit', '-q', '--no-verify', '-m', 'initial']);
  quiet('git', ['push', '-q', '--no-verify', '-u', 'origin', 'main']);

  step('2. A commit: the tokenizer changes, its fast tests run on the staged content');
  edit(
    'src/tokenize.js',
    ".replace(/[^a-z0-9' ]+/g, ' ')",
    ".replace(/[^a-z0-9' ]+/g, ' ') // punctuation becomes a space",
  );
  quiet('git', ['add', 'src/tokenize.js']);
  expect(
    'the commit runs fast tests and passes',
    shown('git', ['commit', '-m', 'tokenizer: document punctuation']),
    'pass',
  );

  step('3. A push: the real-model tests and checks run (training, shipped weights)');
  expect(
    'the push runs the slow tests and model checks, and passes',
    shown('git', ['push', 'origin', 'main']),
    'pass',
  );

  step('4. Retrained weights on a branch, pushed for review, then merged and pushed');
  console.log(
    dim('Only models/sentiment.json changes: no glob names it, the import graph finds what reads it.'),
  );
  quiet('git', ['checkout', '-q', '-b', 'retrain']);
  quiet('node', ['scripts/train.js', '400']);
  quiet('git', ['add', 'models/sentiment.json']);
  quiet('git', ['commit', '-q', '--no-verify', '-m', 'models: retrained for 400 steps']);
  expect(
    'the branch push runs the tests and checks that read the new weights',
    shown('git', ['push', 'origin', 'retrain']),
    'pass',
  );
  quiet('git', ['checkout', '-q', 'main']);
  quiet('git', ['merge', '-q', '--ff-only', 'retrain']);
  expect(
    'pushing the merged main finds the model checks cached',
    shown('git', ['push', 'origin', 'main']),
    'pass',
  );

  step('5. A teammate reorders the label map: fast tests cannot see it');
  edit('src/labels.js', "['negative', 'positive']", "['positive', 'negative']");
  quiet('git', ['add', 'src/labels.js']);
  expect(
    'the commit passes (shapes are still right)',
    shown('git', ['commit', '-m', 'labels: positive first']),
    'pass',
  );
  expect(
    'the push is stopped: the shipped weights now land on the wrong label',
    shown('git', ['push', 'origin', 'main']),
    'block',
  );

  step('What happened');
  for (const r of results) console.log(`${r.ok ? green('✔') : red('✖')} ${r.what}`);
  console.log(
    dim(
      `\nThe remote still has the good label map: ${quiet('git', ['show', 'origin/main:src/labels.js']).trim().split('\n').pop()}`,
    ),
  );
  console.log(
    dim(
      'Try it by hand: mlhooks affected --explain, mlhooks doctor (keep the repo with MLHOOKS_DEMO_KEEP=1).',
    ),
  );
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
} finally {
  if (process.env.MLHOOKS_DEMO_KEEP) console.log(`\nkept: ${repo}`);
  else rmSync(base, { recursive: true, force: true });
}
