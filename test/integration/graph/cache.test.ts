import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { factsPath, reversePath } from '../../../src/selectors/graph/graphCaches.js';
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

  it('after one more staged edit, parses only that file', async () => {
    const repo = repoWithStagedChange();
    await selectWithStats(repo.root);
    repo.write({ 'src/other.ts': 'export const other = 2;\n' });
    repo.git(['add', '-A']);
    const next = await selectWithStats(repo.root);
    expect(next.stats).toMatchObject({ path: 'built', parsed: 1 });
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
    // Another state, so that the run needs the facts cache too.
    repo.write({ 'src/other.ts': 'export const other = 3;\n' });
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
