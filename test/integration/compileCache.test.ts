import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { init, parse } from 'es-module-lexer';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { tempDir, useTempRepos } from '../helpers/gitRepo.js';

// V8's code cache for the CLI's own files (src/compileCache.ts), in a temp dir of the test's own
// (TMPDIR): made by a first run, used by the next, never trusted when broken or not the user's own.
const newRepo = useTempRepos();
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const tmp = () => {
  const dir = tempDir('mlhooks-cc-');
  dirs.push(dir);
  return dir;
};

const DIST = join(ROOT, 'dist');
const uid = process.getuid?.() ?? 'user';
/** The cache files under a TMPDIR: name -> content. */
const cacheOf = (tmpdir: string): Map<string, Buffer> => {
  const files = new Map<string, Buffer>();
  const mine = join(tmpdir, `mlhooks-compile-cache-${uid}`);
  let folders: string[] = [];
  try {
    folders = readdirSync(mine);
  } catch {}
  for (const folder of folders)
    for (const name of readdirSync(join(mine, folder)))
      files.set(name, readFileSync(join(mine, folder, name)));
  return files;
};

// Large enough for the parse worker (an index of more than 96 KiB): its files are cached too.
const bigRepo = () => {
  const tree: Record<string, string> = {
    'package.json': '{"name":"big","private":true}\n',
    'mlhooks.config.mjs': "export default { tests: [{ runner: 'node', include: ['test/**/*.test.ts'] }] };\n",
  };
  for (let k = 0; k < 1200; k++)
    tree[`src/m${k}.ts`] =
      k === 0 ? 'export const m0 = 0;\n' : `import { m0 } from './m0';\nexport const m${k} = m0;\n`;
  tree['test/m7.test.ts'] = "import { m7 } from '../src/m7';\n";
  const r = newRepo(tree);
  r.write({ 'src/m0.ts': 'export const m0 = 1;\n' });
  r.git(['add', '-A']);
  return r;
};

const affected = async (root: string, env: Record<string, string>) => {
  // Nothing of the graph's own cache: each run builds the graph (the worker runs).
  rmSync(join(root, '.git', 'mlhooks'), { recursive: true, force: true });
  const result = await runCli(['affected', '--json'], { cwd: root, env });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as { selected: { path: string }[] }).selected.map((s) => s.path);
};

describe('the code cache of the CLI', () => {
  it('is made by a first run (the parse worker included) and used as it is by the next', async () => {
    const r = bigRepo();
    const TMPDIR = tmp();
    const first = await affected(r.root, { TMPDIR });
    expect(first).toContain('test/m7.test.ts');
    const made = cacheOf(TMPDIR);
    const names = [...made.keys()].map((name) => name.replace(/-\d+-\d+$/, ''));
    // The CLI's own bundle, and the worker's (which loads what scans the files).
    expect(names).toContain('launch.cjs');
    expect(names).toContain('parseWorkerMain.cjs');
    expect(names.some((name) => name.startsWith('scanBlob-'))).toBe(true);
    // The config (an ES module) is imported by a chunk that is compiled as usual.
    expect(names.some((name) => name.startsWith('esmImport-'))).toBe(false);
    // The next run: the same answer, from the cache, which it leaves as it was.
    expect(await affected(r.root, { TMPDIR })).toEqual(first);
    expect(cacheOf(TMPDIR)).toEqual(made);
  });

  it('is made again when a file of it is broken, and never fails a run', async () => {
    const r = bigRepo();
    const TMPDIR = tmp();
    const first = await affected(r.root, { TMPDIR });
    const mine = join(TMPDIR, `mlhooks-compile-cache-${uid}`);
    const folder = join(mine, readdirSync(mine)[0]!);
    const launch = readdirSync(folder).find((name) => name.startsWith('launch.cjs-'))!;
    writeFileSync(join(folder, launch), 'not a code cache');
    expect(await affected(r.root, { TMPDIR })).toEqual(first);
    const again = readFileSync(join(folder, launch));
    expect(again.toString()).not.toBe('not a code cache');
    expect(again.length).toBeGreaterThan(1000);
  });

  it.each([
    [
      'anyone may write to its folder',
      (mine: string) => {
        mkdirSync(mine);
        chmodSync(mine, 0o777);
      },
    ],
    ['its folder is a file', (mine: string) => writeFileSync(mine, '')],
  ])('is not used when %s', async (_, spoil) => {
    const r = bigRepo();
    const TMPDIR = tmp();
    const mine = join(TMPDIR, `mlhooks-compile-cache-${uid}`);
    spoil(mine);
    expect(await affected(r.root, { TMPDIR })).toContain('test/m7.test.ts');
    if (statSync(mine).isDirectory()) expect(readdirSync(mine)).toEqual([]);
  });

  it('is off with MLHOOKS_COMPILE_CACHE=0', async () => {
    const r = bigRepo();
    const TMPDIR = tmp();
    expect(await affected(r.root, { TMPDIR, MLHOOKS_COMPILE_CACHE: '0' })).toContain('test/m7.test.ts');
    expect(cacheOf(TMPDIR).size).toBe(0);
  });

  it('leaves out every built file that calls import() (marked by the build), and only those', async () => {
    // On Node 20 a script made from a code cache cannot import(): such a file must never be cached.
    await init();
    const files = readdirSync(DIST).filter((name) => name.endsWith('.cjs'));
    const importing = files.filter((name) =>
      parse(readFileSync(join(DIST, name), 'utf8'))[0].some((entry) => entry.type === 'dynamic'),
    );
    const marked = files.filter((name) =>
      readFileSync(join(DIST, name), 'utf8').endsWith('//# mlhooks-no-code-cache\n'),
    );
    expect(importing).toContain(files.find((name) => name.startsWith('esmImport-')));
    expect(marked).toEqual(importing);
  });
});
