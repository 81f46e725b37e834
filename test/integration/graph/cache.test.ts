import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listingPath } from '../../../src/selectors/graph/cachePaths.js';
import {
  factsPath,
  loadListing,
  reversePath,
  saveListing,
} from '../../../src/selectors/graph/graphCaches.js';
import { makeRepo, type TempRepo } from '../../helpers/gitRepo.js';
import { selectWithStats } from './selectGraph.js';

const repos: TempRepo[] = [];
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});

const FILES = {
  'src/math.ts': 'export const add = (a: number, b: number) => a + b;\n',
  'src/stats.ts': "import { add } from './math';\nexport const sum = (xs: number[]) => xs.reduce(add, 0);\n",
  'src/other.ts': 'export const other = 1;\n',
  'test/stats.test.ts': "import { sum } from '../src/stats';\n",
  'test/other.test.ts': "import { other } from '../src/other';\n",
};

const repoWithStagedChange = () => {
  const repo = makeRepo(FILES);
  repos.push(repo);
  repo.write({ 'src/math.ts': 'export const add = (a: number, b: number) => b + a;\n' });
  repo.git(['add', '-A']);
  return repo;
};
const tests = (s: { selection: { tests: { path: string }[] } }) => s.selection.tests.map((t) => t.path);

describe('graph caches under the git dir', () => {
  it('a second run on the same staged state answers from the saved reverse graph, parsing nothing', async () => {
    const repo = repoWithStagedChange();
    const cold = await selectWithStats(repo.root);
    expect(cold.stats).toMatchObject({ path: 'built', parsed: 5 });
    const warm = await selectWithStats(repo.root);
    expect(warm.stats).toMatchObject({ path: 'warm', parsed: 0 });
    expect(tests(warm)).toEqual(tests(cold));
    expect(tests(warm)).toEqual(['test/stats.test.ts']);
  });

  it('after one more staged edit, patches the saved graph: that file is scanned (before and after), nothing else', async () => {
    const repo = repoWithStagedChange();
    await selectWithStats(repo.root);
    repo.write({ 'src/other.ts': 'export const other = 2;\n' });
    repo.git(['add', '-A']);
    const next = await selectWithStats(repo.root);
    expect(next.stats).toMatchObject({ path: 'patched', parsed: 2 });
    expect(tests(next)).toEqual(['test/other.test.ts', 'test/stats.test.ts']);
  });

  it('a file a tsconfig extends under another name is a config: no warm or patched answer skips the comparison', async () => {
    const base = (to: string) =>
      `{ "compilerOptions": { "baseUrl": "..", "paths": { "@lib/*": ["${to}/*"] } } }\n`;
    const repo = makeRepo({
      'configs/base.json': base('src/lib'),
      'tsconfig.json': '{ "extends": "./configs/base.json" }\n',
      'src/lib/tok.ts': 'export const t = 1;\n',
      'src/lib2/tok.ts': 'export const t = 2;\n',
      'src/other.ts': 'export const other = 1;\n',
      'test/tok.test.ts': "import { t } from '@lib/tok';\n",
      'test/other.test.ts': "import { other } from '../src/other';\n",
    });
    repos.push(repo);
    // The saved graph of this state lists configs/base.json among the files resolution reads.
    repo.write({ 'src/other.ts': 'export const other = 2;\n' });
    repo.git(['add', '-A']);
    expect(tests(await selectWithStats(repo.root))).toEqual(['test/other.test.ts']);
    // The next state (patched from that graph) changes what `@lib/tok` names.
    repo.write({ 'configs/base.json': base('src/lib2') });
    repo.git(['add', '-A']);
    const first = await selectWithStats(repo.root);
    expect(first.stats?.path).toBe('built');
    expect(tests(first)).toEqual(['test/other.test.ts', 'test/tok.test.ts']);
    // The same state again: its saved graph is there, and still not answered from alone.
    const again = await selectWithStats(repo.root);
    expect(again.stats?.path).toBe('built');
    expect(tests(again)).toEqual(['test/other.test.ts', 'test/tok.test.ts']);
  });

  const PYTHON = {
    'pkg/__init__.py': '',
    'pkg/model.py': 'WEIGHTS = 1\n',
    'pkg/train.py': 'from . import model\n',
    'pkg/util.py': 'X = 1\n',
    'tests/conftest.py': 'import pytest\n',
    'tests/test_train.py': 'from pkg.train import model\n',
    'tests/test_util.py': 'from pkg import util\n',
    'data/labels.yaml': 'a: 1\n',
  };

  it.each([
    [
      'TS',
      FILES,
      { 'src/math.ts': 'export const add = (a: number, b: number) => b + a;\n' },
      [
        // A new import: other.ts now depends on math.ts (staged as changed), so its test is selected.
        { 'src/other.ts': "import { add } from './math';\nexport const other = add(1, 2);\n" },
        // The import goes again, and stats.ts reads a data literal and loads a pattern.
        {
          'src/other.ts': 'export const other = 4;\n',
          'src/stats.ts':
            "import { add } from './math';\nexport const d = 'data/x.csv';\nexport const p = (n: string) => import('./plugins/' + n);\nexport const sum = (xs: number[]) => xs.reduce(add, 0);\n",
        },
        // A test that stops importing what it tested, and a file that no longer parses.
        { 'test/stats.test.ts': '// nothing\n', 'src/math.ts': 'export const add = (a, b) => {;\n' },
        // The pattern goes, a non-literal import comes (it may load any file), then goes again.
        { 'src/stats.ts': 'export const load = (name: string) => import(name);\n' },
        { 'src/stats.ts': 'export const load = 1;\n', 'test/stats.test.ts': "import '../src/stats';\n" },
      ],
    ],
    [
      'Python',
      PYTHON,
      { 'pkg/model.py': 'WEIGHTS = 2\n' },
      [
        // util.py starts to read the data file by a literal and to import the model.
        {
          'pkg/util.py':
            "from pathlib import Path\nfrom .model import WEIGHTS\nP = Path('data') / 'labels.yaml'\n",
        },
        // The conftest imports util (every test below it depends on it); train stops importing model.
        { 'tests/conftest.py': 'import pytest\nfrom pkg import util\n', 'pkg/train.py': 'X = 2\n' },
        { 'pkg/util.py': 'X = 3\n', 'pkg/__init__.py': 'from .train import X\n' },
      ],
    ],
  ])(
    '%s: a patched graph is the graph a full build makes, edit after edit',
    async (_, files, staged, edits) => {
      const repo = makeRepo(files);
      repos.push(repo);
      repo.write(staged);
      repo.git(['add', '-A']);
      const gitDir = join(repo.root, '.git');
      await selectWithStats(repo.root);
      for (const edit of edits as unknown as Record<string, string>[]) {
        repo.write(edit);
        repo.git(['add', '-A']);
        const patched = await selectWithStats(repo.root);
        expect(patched.stats?.path).toBe('patched');
        const text = readFileSync(reversePath(gitDir), 'utf8');
        // A full build from nothing to compare with; then the patched caches are put back, so that
        // the next edit patches a patched graph.
        const caches = join(gitDir, 'mlhooks');
        cpSync(caches, `${caches}.patched`, { recursive: true });
        rmSync(caches, { recursive: true, force: true });
        const built = await selectWithStats(repo.root);
        expect(built.stats?.path).toBe('built');
        const builtText = readFileSync(reversePath(gitDir), 'utf8');
        rmSync(caches, { recursive: true, force: true });
        renameSync(`${caches}.patched`, caches);
        expect(tests(patched)).toEqual(tests(built));
        expect(patched.selection.tests.map((t) => t.reasons)).toEqual(
          built.selection.tests.map((t) => t.reasons),
        );
        // The same text, header (checksum) apart: pairs and extras are sorted however they were reached.
        expect(text.slice(text.indexOf('\n'))).toBe(builtText.slice(builtText.indexOf('\n')));
      }
    },
  );

  it.each([
    ['a file is added', { 'src/new.ts': 'export const n = 1;\n' }],
    [
      'a config that resolution reads changes',
      { 'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }\n' },
    ],
  ])('when %s, builds (other files may resolve differently)', async (_, edit) => {
    const repo = makeRepo({ ...FILES, 'tsconfig.json': '{}\n' });
    repos.push(repo);
    repo.write({ 'src/math.ts': 'export const add = (a: number, b: number) => b + a;\n' });
    repo.git(['add', '-A']);
    // No "always" files: a tsconfig change would select every test without asking the graph.
    await selectWithStats(repo.root, { always: [] });
    repo.write(edit);
    repo.git(['add', '-A']);
    expect((await selectWithStats(repo.root, { always: [] })).stats?.path).toBe('built');
  });

  it("when the saved graph does not hold the edited file's old edges, builds rather than trust it", async () => {
    const repo = repoWithStagedChange();
    const gitDir = join(repo.root, '.git');
    await selectWithStats(repo.root);
    // The listing now says other.ts had stats.ts's content, whose import of math.ts the graph lacks.
    const key = readFileSync(reversePath(gitDir), 'utf8').split('\n')[1]!;
    const count = repo.git(['ls-files']).trim().split('\n').length;
    // A state with another number of files is told from the header alone.
    expect(loadListing(gitDir, key, count + 1)).toBeNull();
    const files = loadListing(gitDir, key, count)!;
    files.set('src/other.ts', files.get('src/stats.ts')!);
    saveListing(
      gitDir,
      key,
      [...files].map(([path, id]) => ({ path, id, mode: '100644' })),
    );
    repo.write({ 'src/other.ts': 'export const other = 2;\n' });
    repo.git(['add', '-A']);
    const next = await selectWithStats(repo.root);
    expect(next.stats?.path).toBe('built');
    expect(tests(next)).toEqual(['test/other.test.ts', 'test/stats.test.ts']);
  });

  it('when most code files were edited (a branch switch), builds rather than scan each edit twice', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 60 }, (_, k) => [`src/m${k}.ts`, `export const m${k} = ${k};\n`]),
    );
    const repo = makeRepo({ ...FILES, ...many });
    repos.push(repo);
    repo.write({ 'src/math.ts': 'export const add = (a: number, b: number) => b + a;\n' });
    repo.git(['add', '-A']);
    await selectWithStats(repo.root);
    const edit = (count: number, mark: string) => {
      repo.write(
        Object.fromEntries(
          Array.from({ length: count }, (_, k) => [`src/m${k}.ts`, `export const m${k} = '${mark}';\n`]),
        ),
      );
      repo.git(['add', '-A']);
    };
    edit(5, 'a');
    expect((await selectWithStats(repo.root)).stats?.path).toBe('patched');
    edit(55, 'b');
    expect((await selectWithStats(repo.root)).stats?.path).toBe('built');
  });

  it('without the saved listing of the files, builds', async () => {
    const repo = repoWithStagedChange();
    await selectWithStats(repo.root);
    rmSync(listingPath(join(repo.root, '.git')));
    repo.write({ 'src/other.ts': 'export const other = 2;\n' });
    repo.git(['add', '-A']);
    const next = await selectWithStats(repo.root);
    expect(next.stats?.path).toBe('built');
    expect(tests(next)).toEqual(['test/other.test.ts', 'test/stats.test.ts']);
  });

  it('parses the staged content, not the work tree', async () => {
    const repo = repoWithStagedChange();
    // Unstaged: other.ts now imports math.ts in the work tree only.
    repo.write({ 'src/other.ts': "import { add } from './math';\nexport const other = add(1, 1);\n" });
    expect(tests(await selectWithStats(repo.root))).toEqual(['test/stats.test.ts']);
  });

  it.each([
    [
      'a flipped byte in the reverse graph',
      (gitDir: string) => flip(reversePath(gitDir)),
      /reverse graph cache was corrupt \(checksum\)/,
    ],
    [
      'a truncated facts cache',
      (gitDir: string) => truncate(factsPath(gitDir)),
      /facts cache was corrupt \(truncated\)/,
    ],
    [
      'a cache from another version',
      (gitDir: string) => restamp(factsPath(gitDir)),
      /facts cache was made by another version/,
    ],
  ])('%s is detected, not trusted, and rebuilt', async (_, damage, note) => {
    const repo = repoWithStagedChange();
    const gitDir = join(repo.root, '.git');
    await selectWithStats(repo.root);
    // Another state with a new file, so that the run builds and needs the facts cache too.
    repo.write({ 'src/other.ts': 'export const other = 3;\n', 'src/extra.ts': 'export const e = 1;\n' });
    repo.git(['add', '-A']);
    damage(gitDir);
    const after = await selectWithStats(repo.root);
    expect(after.selection.notes.join('\n')).toMatch(note);
    expect(tests(after)).toEqual(['test/other.test.ts', 'test/stats.test.ts']);
    const again = await selectWithStats(repo.root);
    expect(again.stats).toMatchObject({ path: 'warm' });
    expect(again.selection.notes).toEqual([]);
  });
});

const flip = (path: string) => {
  const data = readFileSync(path);
  const at = data.length - 3;
  data[at] = data[at]! ^ 1;
  writeFileSync(path, data);
};
const truncate = (path: string) => writeFileSync(path, readFileSync(path).subarray(0, -20));
const restamp = (path: string) =>
  writeFileSync(
    path,
    readFileSync(path, 'latin1').replace(/^mlhooks-facts\/\S+/, 'mlhooks-facts/graph-v0.9'),
    'latin1',
  );
