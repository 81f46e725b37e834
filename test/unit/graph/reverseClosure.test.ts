import { describe, expect, it } from 'vitest';
import type { ResolvedFile } from '../../../src/selectors/graph/resolveFile.js';
import { reverseClosure } from '../../../src/selectors/graph/reverseClosure.js';
import {
  buildReverseIndex,
  parseReverse,
  serializeReverse,
} from '../../../src/selectors/graph/reverseIndex.js';

const file = (partial: Partial<ResolvedFile>): ResolvedFile => ({
  edges: [],
  folders: [],
  globs: [],
  unsure: [],
  names: [],
  ...partial,
});
const isTest = (path: string) => /(^|\/)test_|\.test\.ts$/.test(path);

const FILES = new Map<string, ResolvedFile>([
  ['src/labels.ts', file({ edges: [['assets/labels.yaml', 'literal']] })],
  ['src/model.ts', file({ edges: [['src/labels.ts', 'import']] })],
  ['test/model.test.ts', file({ edges: [['src/model.ts', 'import']] })],
  ['test/other.test.ts', file({ edges: [['src/other.ts', 'import']] })],
  ['src/train.py', file({ folders: [['data', 'literal', true]] })],
  ['tests/test_train.py', file({ edges: [['src/train.py', 'import']] })],
  ['src/plugins.ts', file({ unsure: ['a non-literal import()'] })],
  ['test/plugins.test.ts', file({ edges: [['src/plugins.ts', 'import']] })],
  [
    'src/i18n.ts',
    file({ globs: [['^src/locales/.*\\.json$', 'dynamic import']], loose: 'JSX, scanned loosely' }),
  ],
  ['test/i18n.test.ts', file({ edges: [['src/i18n.ts', 'import']] })],
  ['src/view.tsx', file({ edges: [['src/widget.ts', 'import']], loose: 'JSX, scanned loosely' })],
  ['test/view.test.ts', file({ edges: [['src/view.tsx', 'import']] })],
  ['tests/conftest.py', file({})],
]);
const TESTS = [...FILES.keys()].filter(isTest);
const built = buildReverseIndex(FILES, (dir) => TESTS.filter((t) => t.startsWith(`${dir}/`)));

// The same answers from the graph in memory and from its saved text (the warm path).
const graphs = { memory: built.index, saved: parseReverse(serializeReverse('key', built)!, 'key')! };

describe.each(Object.entries(graphs))('reverse closure (%s graph)', (_, graph) => {
  const run = (...paths: string[]) =>
    reverseClosure({ graph, starts: paths.map((path) => ({ path, label: path })), isTest });

  it('keeps the chain from the changed file to each test', () => {
    const found = run('assets/labels.yaml');
    expect(found.get('test/model.test.ts')).toEqual([
      'assets/labels.yaml -> src/labels.ts (literal) -> src/model.ts (import) -> test/model.test.ts',
    ]);
    // src/labels.ts is code, and src/plugins.ts may load any code: its test goes too.
    expect([...found.keys()].sort()).toEqual(['test/model.test.ts', 'test/plugins.test.ts']);
  });

  it('reaches readers of a folder only through data files when the literal is a bare name', () => {
    expect([...run('data/train.csv').keys()]).toEqual(['tests/test_train.py']);
    expect([...run('data/reader.py').keys()]).toEqual([]);
  });

  it('a file that may load anything is reached from any code change, and the reason says so', () => {
    const found = run('src/other.ts');
    expect(found.get('test/plugins.test.ts')).toEqual([
      'src/other.ts -> src/plugins.ts (a non-literal import(): it may load any file) -> test/plugins.test.ts',
    ]);
    expect(found.get('test/other.test.ts')).toEqual(['src/other.ts -> test/other.test.ts']);
  });

  it('matches patterns and names a loose scan', () => {
    expect(run('src/locales/fr.json').get('test/i18n.test.ts')).toEqual([
      'src/locales/fr.json -> src/i18n.ts (dynamic import pattern: src/locales/*.json; JSX, scanned loosely) -> test/i18n.test.ts',
    ]);
  });

  it('names a loose scan on an edge too', () => {
    expect(run('src/widget.ts').get('test/view.test.ts')).toEqual([
      'src/widget.ts -> src/view.tsx (import; JSX, scanned loosely) -> test/view.test.ts',
    ]);
  });

  it('a conftest.py selects the tests below it', () => {
    expect(run('tests/conftest.py').get('tests/test_train.py')).toEqual([
      'tests/conftest.py -> tests/test_train.py (conftest)',
    ]);
  });

  it('gives one chain per changed file that reaches a test', () => {
    expect(run('assets/labels.yaml', 'src/model.ts').get('test/model.test.ts')).toHaveLength(2);
  });
});

describe('saved reverse graph', () => {
  it('is not used for another state', () => {
    expect(parseReverse(serializeReverse('key', built)!, 'other key')).toBeNull();
  });

  it('is not written when a path holds a line separator', () => {
    const odd = buildReverseIndex(
      new Map([['src/a\nb.ts', file({ edges: [['src/c.ts', 'import']] })]]),
      () => [],
    );
    expect(serializeReverse('key', odd)).toBeNull();
  });
});

describe('the saved reverse graph', () => {
  it('is the same text whatever order the files came in: dependents and extras are sorted', () => {
    const shared = file({ edges: [['src/core.ts', 'import']], unsure: ['a non-literal import()'] });
    const files: [string, ResolvedFile][] = [
      ['src/a.ts', shared],
      ['src/b.ts', file({ edges: [['src/core.ts', 're-export']], folders: [['data', 'literal', true]] })],
      ['src/c.ts', shared],
      ['tests/conftest.py', file({ edges: [['src/core.ts', 'import']] })],
      ['tests/test_x.py', file({ folders: [['data', 'literal', false]] })],
    ];
    const tests = (dir: string) => ['tests/test_x.py'].filter((t) => t.startsWith(`${dir}/`));
    const forward = serializeReverse('key', buildReverseIndex(new Map(files), tests));
    const backward = serializeReverse('key', buildReverseIndex(new Map([...files].reverse()), tests));
    expect(backward).toBe(forward);
    expect(forward).toContain(
      'src/core.ts\tsrc/a.ts\timport\tsrc/b.ts\tre-export\tsrc/c.ts\timport\ttests/conftest.py\timport\n',
    );
  });

  it("is the same text when the targets are taken in the state's order as when they are sorted", () => {
    const uses = (...targets: string[]) =>
      file({ edges: targets.map((t) => [t, 'import'] as [string, 'import']) });
    // git orders names by their UTF-8 bytes: U+FFFD before an emoji, which JavaScript puts first.
    const odd = ['src/\uFFFD.ts', 'src/\u{1F600}.ts'];
    const cases: [string[], Map<string, ResolvedFile>][] = [
      [['src/a.ts', 'src/b.ts', 'src/c.ts'], new Map([['src/c.ts', uses('src/a.ts', 'src/b.ts')]])],
      // A target that is no file of the state (an untracked path a literal names).
      [['src/a.ts', 'src/c.ts'], new Map([['src/c.ts', uses('src/a.ts', 'data/gone.csv')]])],
      [[...odd, 'src/c.ts'], new Map([['src/c.ts', uses(...odd)]])],
    ];
    for (const [order, files] of cases) {
      const built = buildReverseIndex(files, () => []);
      const sorted = serializeReverse('key', built);
      expect(serializeReverse('key', built, [], order)).toBe(sorted);
      const lines = sorted!.split('\n').slice(2, -1);
      expect(lines).toEqual([...lines].sort());
    }
  });

  it('is sorted when the files came out of path order, with no conftest among them', () => {
    const uses = file({ edges: [['src/core.ts', 'import']] });
    const files: [string, ResolvedFile][] = [
      ['src/c.ts', uses],
      ['src/a.ts', uses],
      ['src/b.ts', file({ edges: [['src/core.ts', 're-export']] })],
    ];
    const text = serializeReverse(
      'key',
      buildReverseIndex(new Map(files), () => []),
    );
    expect(text).toContain('src/core.ts\tsrc/a.ts\timport\tsrc/b.ts\tre-export\tsrc/c.ts\timport\n');
    expect(
      parseReverse(text!, 'key')!
        .lookup('src/core.ts')
        .map(([source]) => source),
    ).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
  });
});
