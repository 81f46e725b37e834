import { describe, expect, it } from 'vitest';
import type { FileFacts } from '../../../src/selectors/graph/facts.js';
import { createFileIndex } from '../../../src/selectors/graph/fileIndex.js';
import { loadPackages } from '../../../src/selectors/graph/packages.js';
import { resolveFile } from '../../../src/selectors/graph/resolveFile.js';
import { createJsResolver } from '../../../src/selectors/graph/resolveJs.js';
import { createPythonResolver } from '../../../src/selectors/graph/resolvePython.js';
import { loadTsconfigs } from '../../../src/selectors/graph/tsconfigs.js';

const FILES = [
  'src/model.ts',
  'src/weights/w.bin',
  'src/load.py',
  'src/pkg/__init__.py',
  'src/pkg/mod.py',
  'data/train.csv',
  'data/readme.py',
  'configs/a.yaml',
  'README.md',
];
const index = createFileIndex(FILES);
const resolvers = {
  index,
  extraConfigs: [],
  packageRoot: () => '',
  js: createJsResolver({ index, tsconfigs: loadTsconfigs(new Map()), packages: loadPackages(new Map()) }),
  py: createPythonResolver(index, ['', 'src']),
};
const facts = (partial: Partial<FileFacts>): FileFacts => ({
  specs: [],
  literals: [],
  globs: [],
  unsure: [],
  ...partial,
});

describe('resolveFile: dotted module paths in a config', () => {
  it('a module named whole, or a module and a class, is an edge; file names and hosts are not', () => {
    const files = [
      'pkg/__init__.py',
      'pkg/models.py',
      'src/model.py',
      'src/data/__init__.py',
      'configs/t.yaml',
    ];
    const index = createFileIndex(files);
    const py = { ...resolvers, index, py: createPythonResolver(index, ['', 'src']) };
    const edgesOf = (literals: string[]) =>
      resolveFile('configs/t.yaml', 'conf', facts({ literals }), py).edges;
    expect(edgesOf(['pkg.models.ResNet'])).toEqual([
      ['pkg/__init__.py', 'literal'],
      ['pkg/models.py', 'literal'],
    ]);
    expect(edgesOf(['model.Net'])).toEqual([['src/model.py', 'literal']]);
    expect(edgesOf(['pkg.models'])).toEqual([
      ['pkg/__init__.py', 'literal'],
      ['pkg/models.py', 'literal'],
    ]);
    expect(edgesOf(['model.pt', 'data.example.org', 'data.csv', 'model.ckpt.bak'])).toEqual([]);
    // In Python code a literal stays what it was: the longest prefix that is a module.
    expect(resolveFile('src/load.py', 'py', facts({ literals: ['model.load'] }), py).edges).toEqual([
      ['src/model.py', 'literal'],
    ]);
  });
});

describe('resolveFile: star imports', () => {
  it("`from pkg import *` depends on the package's modules and subpackages, not its tests", () => {
    const files = [
      'pkg/__init__.py',
      'pkg/a.py',
      'pkg/test_a.py',
      'pkg/conftest.py',
      'pkg/sub/__init__.py',
      'use.py',
    ];
    const index = createFileIndex(files);
    const py = { ...resolvers, index, py: createPythonResolver(index, ['']) };
    const specs = [{ kind: 'import' as const, spec: 'pkg', names: ['*'] }];
    expect(resolveFile('use.py', 'py', facts({ specs }), py).edges.map(([path]) => path)).toEqual([
      'pkg/__init__.py',
      'pkg/a.py',
      'pkg/sub/__init__.py',
    ]);
  });
});

describe('resolveFile: literals as data edges', () => {
  it('a literal naming a file, from the root or next to the file, is an edge', () => {
    const r = resolveFile(
      'src/model.ts',
      'js',
      facts({ literals: ['configs/a.yaml', './weights/w.bin', 'no/such/file.csv'] }),
      resolvers,
    );
    expect(r.edges).toEqual([
      ['configs/a.yaml', 'literal'],
      ['src/weights/w.bin', 'literal'],
    ]);
    // Names for the side index: paths that may exist later are kept too. A YAML config is not one:
    // it is scanned itself, so its change goes through the graph.
    expect(r.names).toEqual(expect.arrayContaining(['src/weights/w.bin', 'no/such/file.csv']));
    expect(r.names).not.toContain('configs/a.yaml');
  });

  it("a literal or pattern may be relative to its file's package too (a monorepo package's tests run there)", () => {
    const files = ['pkgs/app/package.json', 'pkgs/app/fixtures/x.json', 'pkgs/app/src/load.ts'];
    const index = createFileIndex(files);
    const inApp = {
      ...resolvers,
      index,
      packageRoot: (dir: string) => (dir.startsWith('pkgs/app') ? 'pkgs/app' : ''),
    };
    const r = resolveFile(
      'pkgs/app/src/load.ts',
      'js',
      facts({ literals: ['fixtures/x.json'], globs: [{ kind: 'literal', pattern: 'data/*.csv' }] }),
      inApp,
    );
    expect(r.edges).toEqual([['pkgs/app/fixtures/x.json', 'literal']]);
    expect(r.globs.map(([regex]) => regex)).toEqual([
      '^pkgs/app/src/data/.*\\.csv$',
      '^data/.*\\.csv$',
      '^pkgs/app/data/.*\\.csv$',
    ]);
  });

  it("`new URL('w.bin', import.meta.url)` is relative to the file, with or without ./", () => {
    for (const spec of ['weights/w.bin', './weights/w.bin']) {
      const specs = [{ kind: 'new URL' as const, spec }];
      expect(resolveFile('src/model.ts', 'js', facts({ specs }), resolvers).edges, spec).toEqual([
        ['src/weights/w.bin', 'new URL'],
      ]);
    }
  });

  it('a literal with an alias prefix (`@/`, `~/`) resolves through tsconfig `paths`, in JS files only', () => {
    const tsconfigs = loadTsconfigs(
      new Map([
        ['tsconfig.json', '{ "compilerOptions": { "paths": { "@/*": ["./src/*"], "~/*": ["./data/*"] } } }'],
      ]),
    );
    const aliased = {
      ...resolvers,
      js: createJsResolver({ index, tsconfigs, packages: loadPackages(new Map()) }),
    };
    const literals = ['@/weights/w.bin', '~/train.csv', '@/no/such.png'];
    expect(resolveFile('src/model.ts', 'sfc', facts({ literals }), aliased).edges).toEqual([
      ['src/weights/w.bin', 'literal'],
      ['data/train.csv', 'literal'],
    ]);
    // Python has no such aliases.
    expect(resolveFile('src/load.py', 'py', facts({ literals }), aliased).edges).toEqual([]);
  });

  it("a mocked module by an alias no config here defines (`vi.mock('$lib/model')`) is found by path, and said so", () => {
    const literals = ['$lib/model', '~~/weights/w.bin'];
    expect(resolveFile('test/model.test.ts', 'js', facts({ literals }), resolvers).edges).toEqual([
      ['src/model.ts', 'alias, guessed by path'],
      ['src/weights/w.bin', 'alias, guessed by path'],
    ]);
  });

  it("a bare name may be a folder above the file: path.join(__dirname, '..', 'fixtures') and .parent.parent / 'assets'", () => {
    const files = [
      'test/unit/a.test.js',
      'test/fixtures/x.json',
      'src/pkg/m.py',
      'src/assets/l.txt',
      'assets/other.txt',
    ];
    const index = createFileIndex(files);
    const here = { ...resolvers, index };
    expect(
      resolveFile('test/unit/a.test.js', 'js', facts({ literals: ['..', 'fixtures', 'x.json'] }), here)
        .folders,
    ).toContainEqual(['test/fixtures', 'literal', true]);
    // The nearest folder above that has it, as well as the root's.
    expect(resolveFile('src/pkg/m.py', 'py', facts({ literals: ['assets'] }), here).folders).toEqual([
      ['assets', 'literal', true],
      ['src/assets', 'literal', true],
    ]);
  });

  it('`**/` in a pattern is any folders, none included', () => {
    const globs = [{ kind: 'literal' as const, pattern: './plugins/**/*.ts' }];
    const [[regex]] = resolveFile('src/model.ts', 'js', facts({ globs }), resolvers).globs as [
      [string, string],
    ];
    const re = new RegExp(regex);
    expect(['src/plugins/a.ts', 'src/plugins/x/y/b.ts'].map((path) => re.test(path))).toEqual([true, true]);
    expect(re.test('src/other/a.ts')).toBe(false);
  });

  it("links a package's __main__.py for a module name only in a file that runs modules ('-m')", () => {
    const index = createFileIndex([
      'tool/__init__.py',
      'tool/__main__.py',
      'tests/test_cli.py',
      'tool/log.py',
    ]);
    const withMain = { ...resolvers, index, py: createPythonResolver(index, ['']) };
    const run = resolveFile('tests/test_cli.py', 'py', facts({ literals: ['-m', 'tool'] }), withMain);
    expect(run.edges).toContainEqual(['tool/__main__.py', 'literal']);
    // `logging.getLogger('tool')`: a name, not a run.
    const log = resolveFile('tool/log.py', 'py', facts({ literals: ['tool'] }), withMain);
    expect(log.edges.map(([target]) => target)).not.toContain('tool/__main__.py');
  });

  it('in Python, a pattern from the filesystem root (a route like /models/{id}) names no repo file', () => {
    const globs = [{ kind: 'literal' as const, pattern: '/models/*' }];
    expect(resolveFile('src/load.py', 'py', facts({ globs }), resolvers).globs).toEqual([]);
    // Vite reads `/src/*.ts` from the project root.
    expect(resolveFile('src/model.ts', 'js', facts({ globs }), resolvers).globs).not.toEqual([]);
  });

  it("a bare folder name like Path('data') points at its data files only; a path with a slash at all files", () => {
    const r = resolveFile('src/load.py', 'py', facts({ literals: ['data', 'src/weights/'] }), resolvers);
    expect(r.folders).toEqual([
      ['data', 'literal', true],
      ['src/weights', 'literal', false],
    ]);
  });

  it("a dotted Python literal naming a module (mock.patch('pkg.mod.fn')) is an edge to the module", () => {
    const r = resolveFile('src/load.py', 'py', facts({ literals: ['pkg.mod.fn'] }), resolvers);
    expect(r.edges).toEqual([
      ['src/pkg/__init__.py', 'literal'],
      ['src/pkg/mod.py', 'literal'],
    ]);
  });

  it('turns patterns into anchored regexes, next to the file and from the root', () => {
    const r = resolveFile(
      'src/model.ts',
      'js',
      facts({ globs: [{ kind: 'literal', pattern: 'data/*.csv' }] }),
      resolvers,
    );
    expect(r.globs.map(([re]) => new RegExp(re).test('data/train.csv'))).toEqual([false, true]);
    expect(r.globs.map(([re]) => new RegExp(re).test('src/data/x.csv'))).toEqual([true, false]);
  });

  it('adds the __init__.py chain of a Python module, and carries unsure and loose reasons', () => {
    const r = resolveFile(
      'src/pkg/mod.py',
      'py',
      facts({ unsure: ['a non-literal import_module()'], loose: 'JSX' }),
      resolvers,
    );
    expect(r.edges).toEqual([['src/pkg/__init__.py', 'package']]);
    expect(r.unsure).toEqual(['a non-literal import_module()']);
    expect(r.loose).toBe('JSX');
  });
});
