import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sideIndexRulesOut } from '../../../src/selectors/graph/sideIndex.js';
import { makeRepo, type TempRepo } from '../../helpers/gitRepo.js';
import { selectWithGraph, selectWithStats } from './selectGraph.js';

const repos: TempRepo[] = [];
const repo = (files: Record<string, string>) => {
  const r = makeRepo(files);
  repos.push(r);
  return r;
};
afterEach(() => {
  while (repos.length) repos.pop()!.cleanup();
});
const paths = (s: { tests: { path: string }[] }) => s.tests.map((t) => t.path);

describe('a range (ci, pre-push): the graph of the head commit', () => {
  it('reads the commit, not the index, and walks deleted files in the base commit', async () => {
    const r = repo({
      'src/a.ts': 'export const a = 1;\n',
      'src/old.ts': 'export const old = 1;\n',
      'src/uses-old.ts': "import { old } from './old';\nexport const u = old;\n",
      'test/a.test.ts': "import { a } from '../src/a';\n",
      'test/b.test.ts': "import { b } from '../src/b';\n",
      'test/uses-old.test.ts': "import { u } from '../src/uses-old';\n",
      'src/b.ts': 'export const b = 1;\n',
    });
    r.git(['checkout', '-q', '-b', 'feature']);
    r.write({ 'src/a.ts': 'export const a = 2;\n' });
    r.git(['rm', '-q', 'src/old.ts']);
    r.commit('change a, delete old');
    // Staged but not committed: b.ts imports a.ts. A range must not see it.
    r.write({ 'src/b.ts': "import { a } from './a';\nexport const b = a;\n" });
    r.git(['add', '-A']);
    const selection = await selectWithGraph(r.root, { base: 'main', head: 'feature' });
    expect(paths(selection)).toEqual(['test/a.test.ts', 'test/uses-old.test.ts']);
    expect(selection.tests[1]!.reasons).toEqual([
      'src/old.ts (deleted) -> src/uses-old.ts (import) -> test/uses-old.test.ts',
    ]);
  });

  it('answers the same range warm from the cache', async () => {
    const r = repo({
      'src/a.ts': 'export const a = 1;\n',
      'test/a.test.ts': "import { a } from '../src/a';\n",
    });
    r.git(['checkout', '-q', '-b', 'feature']);
    r.commit('change', { 'src/a.ts': 'export const a = 2;\n' });
    expect((await selectWithStats(r.root, { base: 'main' })).stats).toMatchObject({ path: 'built' });
    const warm = await selectWithStats(r.root, { base: 'main' });
    expect(warm.stats).toMatchObject({ path: 'warm', parsed: 0 });
    expect(paths(warm.selection)).toEqual(['test/a.test.ts']);
  });
});

describe('a project in a subfolder of the repo', () => {
  it('resolves and reports paths relative to the project', async () => {
    const r = repo({
      'ml/pyproject.toml': '[project]\nname = "m"\n',
      'ml/src/m/__init__.py': '',
      'ml/src/m/core.py': 'X = 1\n',
      'ml/tests/test_core.py': 'from m.core import X\n',
      'web/src/core.ts': 'export const x = 1;\n',
    });
    r.write({ 'ml/src/m/core.py': 'X = 2\n', 'web/src/core.ts': 'export const x = 2;\n' });
    r.git(['add', '-A']);
    const selection = await selectWithGraph(r.root, { prefix: 'ml/' });
    expect(paths(selection)).toEqual(['tests/test_core.py']);
    expect(selection.tests[0]!.reasons).toEqual(['src/m/core.py -> tests/test_core.py']);
  });
});

describe('the side index: a docs or data edit that no code names skips the graph', () => {
  const files = {
    'data/labels.csv': 'a\n',
    'README.md': '# r\n',
    'src/labels.ts': "export const PATH = 'data/labels.csv';\n",
    'test/labels.test.ts': "import { PATH } from '../src/labels';\n",
  };
  const query = (r: TempRepo) => ({ repoRoot: r.root, gitDir: join(r.root, '.git'), prefix: '', head: null });

  it('is made by a run with no code staged, and rules out only files no code names', async () => {
    const r = repo(files);
    expect(sideIndexRulesOut(query(r), ['README.md'])).toBe(false); // no index yet
    r.write({ 'README.md': '# changed\n' });
    r.git(['add', '-A']);
    await selectWithGraph(r.root);
    expect(sideIndexRulesOut(query(r), ['README.md'])).toBe(true);
    expect(sideIndexRulesOut(query(r), ['data/labels.csv'])).toBe(false);
    expect(sideIndexRulesOut(query(r), ['data/other.csv'])).toBe(true);
  });

  it('still holds after commits that change no code, and not after one that does', async () => {
    const r = repo(files);
    r.write({ 'README.md': '# changed\n' });
    r.git(['add', '-A']);
    await selectWithGraph(r.root);
    r.commit('docs');
    expect(sideIndexRulesOut(query(r), ['README.md'])).toBe(true);
    r.commit('code', { 'src/labels.ts': "export const PATH = 'README.md';\n" });
    expect(sideIndexRulesOut(query(r), ['README.md'])).toBe(false);
  });

  it('does not hold once a file was added since it was made (a bare name may now name it)', async () => {
    const r = repo(files);
    r.write({ 'README.md': '# changed\n' });
    r.git(['add', '-A']);
    await selectWithGraph(r.root);
    r.commit('add a file', { LICENSE: 'MIT\n' });
    expect(sideIndexRulesOut(query(r), ['README.md'])).toBe(false);
  });

  it('selects the readers of a data file through the graph even when the change is data only', async () => {
    const r = repo(files);
    r.write({ 'README.md': '# changed\n' });
    r.git(['add', '-A']);
    await selectWithGraph(r.root);
    r.commit('docs');
    r.write({ 'data/labels.csv': 'b\n' });
    r.git(['add', '-A']);
    expect(paths(await selectWithGraph(r.root))).toEqual(['test/labels.test.ts']);
  });
});

describe('model checks', () => {
  it("selects a model's checks when something its check module imports or reads changes", async () => {
    const r = repo({
      'models/sentiment/model.json': '{ "weightsManifest": [{ "paths": ["w.bin"] }] }\n',
      'models/sentiment/w.bin': 'weights',
      'src/model.ts': "export const MODEL = 'models/sentiment/model.json';\n",
      'checks/sentiment.check.mjs':
        "import { MODEL } from '../src/model.ts';\nexport default { fast: { load: MODEL } };\n",
      'checks/other.check.mjs': 'export default {};\n',
    });
    r.write({ 'models/sentiment/w.bin': 'new weights' });
    r.git(['add', '-A']);
    const config = {
      models: {
        sentiment: { inputs: ['nothing/**'], checks: 'checks/sentiment.check.mjs' },
        other: { inputs: ['nothing/**'], checks: 'checks/other.check.mjs' },
      },
    };
    const selection = await selectWithGraph(r.root, { config });
    expect(selection.checks).toEqual([
      {
        model: 'sentiment',
        reasons: [
          'models/sentiment/w.bin -> models/sentiment/model.json (literal) -> src/model.ts (literal) -> checks/sentiment.check.mjs',
        ],
      },
    ]);
  });

  it("selects a model's tests and checks when something an input of the model depends on changes", async () => {
    const r = repo({
      'data/sent/labels.json': '["neg", "pos"]\n',
      'src/shared/norm.ts': 'export const norm = 1;\n',
      'src/sent/model.ts':
        "import { norm } from '../shared/norm';\nexport const LABELS = 'data/sent/labels.json';\nexport const n = norm;\n",
      'src/other/model.ts': 'export const other = 1;\n',
      'checks/sent.check.mjs': 'export default {};\n',
      'test/sent.test.ts': 'export {};\n',
      'test/other.test.ts': 'export {};\n',
    });
    r.write({ 'data/sent/labels.json': '["pos", "neg"]\n' });
    r.git(['add', '-A']);
    const config = {
      models: {
        sent: { inputs: ['src/sent/**'], tests: ['test/sent.test.ts'], checks: 'checks/sent.check.mjs' },
        other: { inputs: ['src/other/**'], tests: ['test/other.test.ts'] },
      },
    };
    const selection = await selectWithGraph(r.root, { config });
    const reason = 'data/sent/labels.json -> src/sent/model.ts (literal) (input of model "sent")';
    expect(selection.tests.map((t) => [t.path, t.reasons])).toEqual([['test/sent.test.ts', [reason]]]);
    expect(selection.checks).toEqual([{ model: 'sent', reasons: [reason] }]);
    // The same through a helper the input imports.
    r.commit('labels');
    r.write({ 'src/shared/norm.ts': 'export const norm = 2;\n' });
    r.git(['add', '-A']);
    const next = await selectWithGraph(r.root, { config });
    expect(next.tests.map((t) => t.path)).toEqual(['test/sent.test.ts']);
  });
});
