import { describe, expect, it } from 'vitest';
import { langOf } from '../../../src/selectors/graph/facts.js';
import { isGraphInput } from '../../../src/selectors/graph/isGraphInput.js';
import { parseJsonc } from '../../../src/selectors/graph/parseJsonc.js';
import { isPathLike, isPathPattern } from '../../../src/selectors/graph/pathLike.js';
import { ancestors, joinPath } from '../../../src/selectors/graph/paths.js';
import { scanConfigText } from '../../../src/selectors/graph/scanConfigText.js';
import { scanJson } from '../../../src/selectors/graph/scanJson.js';
import { readNotebook, scanNotebook } from '../../../src/selectors/graph/scanNotebook.js';
import { tokenizeJs } from '../../../src/selectors/graph/tokenizeJs.js';

describe('paths', () => {
  it('joins and normalizes, and refuses to leave the root', () => {
    expect(joinPath('src/a', './b.ts')).toBe('src/a/b.ts');
    expect(joinPath('src/a', '../../x/./y/../z.ts')).toBe('x/z.ts');
    expect(joinPath('', 'data/')).toBe('data');
    expect(joinPath('src', '../../x')).toBeNull();
    expect(ancestors('a/b/c.txt')).toEqual(['a/b', 'a']);
  });
});

describe('what counts as code, and what may be a path', () => {
  it('sorts files by the scanner they need; lockfiles and data need none', () => {
    expect(
      [
        'a.ts',
        'b.tsx',
        'c.mjs',
        'd.py',
        'e.json',
        'package-lock.json',
        'f.csv',
        'g.bin',
        'h.vue',
        'i.svelte',
        'conf/train.yaml',
        'k.yml',
        'params.toml',
        'pnpm-lock.yaml',
        'notebooks/eda.ipynb',
      ].map(langOf),
    ).toEqual([
      ...['js', 'jsx', 'js', 'py', 'json', null, null, null, 'sfc', 'sfc'],
      ...['conf', 'conf', 'conf', null, 'ipynb'],
    ]);
  });

  it('knows which changes can touch the graph by themselves', () => {
    expect(
      [
        'src/a.ts',
        'x.json',
        'pkg/pyproject.toml',
        'tests/conftest.py',
        'tsconfig.build.json',
        'src/App.vue',
        'conf/train.yaml',
        'params.toml',
      ].every(isGraphInput),
    ).toBe(true);
    expect(['README.md', 'data/train.csv', 'models/w.bin'].some(isGraphInput)).toBe(false);
  });

  it('drops strings that can never be paths, and patterns without a fixed folder', () => {
    expect(['data/x.csv', 'README.md', 'data'].every(isPathLike)).toBe(true);
    expect(['', '.', 'https://x.org/a.csv', 'a*b', 'two\nlines'].some(isPathLike)).toBe(false);
    expect(['data/*.csv', './locales/*.json', '*/train.csv'].every(isPathPattern)).toBe(true);
    expect(['*.*', '*/*', 'no-slash-*'].some(isPathPattern)).toBe(false);
  });
});

describe('parseJsonc', () => {
  it('reads tsconfig-style JSON: comments and trailing commas, slashes inside strings kept', () => {
    expect(parseJsonc('{\n // c\n "a": "//not a comment", /* b */ "c": [1, 2,],\n}')).toEqual({
      a: '//not a comment',
      c: [1, 2],
    });
    expect(parseJsonc('{ broken')).toBeNull();
  });
});

describe('scanJson', () => {
  it('keeps the strings of a model.json that name files (its weight shards)', () => {
    expect(
      scanJson(
        '{"weightsManifest":[{"paths":["group1-shard1of2.bin","sub\\/shard2.bin"]}], "format": "layers-model"}',
      ).literals,
    ).toEqual(expect.arrayContaining(['group1-shard1of2.bin', 'sub/shard2.bin']));
  });
});

describe('scanConfigText', () => {
  it('keeps the values of a YAML or TOML config that may name files: quoted, plain, in lists and flow', () => {
    const yaml = [
      '# training',
      'data:',
      '  train: data/train.csv   # the split',
      '  val: "data/val.csv"',
      "  classes: [cat, dog, 'data/extra.txt']",
      "weights: 'models/it''s.pt'",
      '  - data/list item.csv',
      'mapping: {x: data/x.csv, y: 2}',
      'anchor: &base data/anchored.csv',
      'shards: data/shard-*.parquet',
    ].join('\n');
    const { literals, globs } = scanConfigText(yaml);
    expect(literals).toEqual(
      expect.arrayContaining([
        'data/train.csv',
        'data/val.csv',
        'data/extra.txt',
        "models/it's.pt",
        'data/list item.csv',
        'data/x.csv',
        'data/anchored.csv',
        'cat',
        'dog',
      ]),
    );
    expect(literals).not.toContain('data/train.csv   # the split');
    expect(globs).toEqual([{ kind: 'literal', pattern: 'data/shard-*.parquet' }]);
    const toml = scanConfigText(
      '[paths]\ntrain = "data/train.csv"\nextra = [\'a/b.txt\', "c\\u002fd.txt"]\n',
    );
    // Windows line endings: plain values too.
    expect(scanConfigText('train: data/a.csv\r\nlist:\r\n  - data/b.csv\r\n').literals).toEqual(
      expect.arrayContaining(['data/a.csv', 'data/b.csv']),
    );
    expect(toml.literals).toEqual(expect.arrayContaining(['data/train.csv', 'a/b.txt', 'c/d.txt']));
  });
});

describe('scanNotebook', () => {
  const notebook = (cells: object[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4 });
  it('reads the Python of code cells only, without IPython lines', () => {
    const facts = scanNotebook(
      notebook([
        { cell_type: 'markdown', source: ['import from_markdown\n'] },
        { cell_type: 'code', source: ['%matplotlib inline\n', '!pip install x\n', 'import pandas as pd\n'] },
        {
          cell_type: 'code',
          source: "df = pd.read_csv('data/train.csv')",
          outputs: [{ output_type: 'stream', text: ['import from_output\n'] }],
        },
      ]),
    );
    expect(facts.specs.map((s) => s.spec)).toEqual(['pandas']);
    expect(facts.literals).toContain('data/train.csv');
    expect(facts.unsure).toEqual([]);
  });

  it('keeps what magic and shell lines run or read, as literals', () => {
    const facts = scanNotebook(
      notebook([
        {
          cell_type: 'code',
          source: [
            '%run -i ../src/prep.py\n',
            'for split in splits:\n',
            '    !python scripts/clean.py --in=data/raw.csv --split {split}\n',
            "!python -m pkg.train 'configs/a b.yaml'\n",
            '!pip install torch\n',
          ],
        },
        { cell_type: 'code', source: '%%bash\ncd tools && ./export.sh models/out\n' },
        { cell_type: 'code', source: "%%time\nimport numpy\nopen('data/x.csv')" },
        { cell_type: 'code', source: '%%script python3\nimport scipy\n' },
        { cell_type: 'code', source: '%%!\npython tools/make.py\n' },
        { cell_type: 'code', source: '%run -i prep\n' },
      ]),
    );
    expect(facts.literals).toEqual(
      expect.arrayContaining([
        '../src/prep.py',
        'scripts/clean.py',
        'data/raw.csv',
        '-m',
        'pkg.train',
        'configs/a b.yaml',
        './export.sh',
        'models/out',
        'data/x.csv',
        'tools/make.py',
        'prep.py',
      ]),
    );
    // Words that name nothing, and run-time values, are left out.
    expect(facts.literals).not.toEqual(expect.arrayContaining(['pip']));
    expect(facts.literals.some((literal) => literal.includes('{'))).toBe(false);
    expect(facts.specs.map((s) => s.spec)).toEqual(['numpy', 'scipy']);
    expect(facts.unsure).toEqual([]);
  });

  it('a notebook that cannot be read may run anything: unsure, never an empty answer', () => {
    expect(scanNotebook('{ "cells": [').unsure).toEqual(['a notebook that is not valid JSON']);
    expect(scanNotebook('{"cells": 3}').unsure).toEqual(['a .ipynb file with no "cells" list']);
    expect(scanNotebook('null').unsure).toEqual(['a .ipynb file with no "cells" list']);
    expect(readNotebook(notebook([{ cell_type: 'code', source: 'x = 1' }]))).toEqual({ code: 'x = 1' });
  });
});

describe('tokenizeJs', () => {
  it('does not split a call around a template substitution', () => {
    const { calls } = tokenizeJs(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JS source under test, not a template
      'const m = require(`./models/${name}.js`);\nconst n = require(`./fixed.js`);',
    );
    expect(calls).toEqual([
      { kind: 'require', spec: './models/*.js', glob: true },
      { kind: 'require', spec: './fixed.js', glob: false },
    ]);
  });

  it('reads new URL with a non-literal file as unsure, and ignores new URL without import.meta.url', () => {
    const { calls } = tokenizeJs(
      "new URL(name, import.meta.url); new URL('/api', base); new URL('https://x.org');",
    );
    expect(calls).toEqual([{ kind: 'new URL', spec: null, glob: false }]);
  });

  it('reports an error for what it cannot read, instead of guessing', () => {
    expect(tokenizeJs("const s = 'never closed\n").error).toMatch(/unterminated string/);
    expect(tokenizeJs('/* never closed').error).toMatch(/unterminated comment/);
    expect(tokenizeJs('const t = `${a').error).toMatch(/unterminated/);
  });
});
