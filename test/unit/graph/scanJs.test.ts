import { beforeAll, describe, expect, it } from 'vitest';
import { initJsScanner, scanJs } from '../../../src/selectors/graph/scanJs.js';

beforeAll(() => initJsScanner());

const specs = (source: string, lang: 'js' | 'jsx' = 'js') =>
  scanJs(source, lang).specs.map((s) => `${s.kind} ${s.spec}`);

describe('scanJs', () => {
  it('finds an import that follows a URL string on the same line (the regex bug of jest)', () => {
    expect(specs(`const u = 'http://example.com/a'; import { a } from './a';`)).toEqual(['import ./a']);
  });

  it('tells type-only imports and re-exports apart', () => {
    const source = [
      `import type { A } from './types';`,
      `import { type B, c } from './c';`,
      `export type { D } from './d';`,
      `export * from './star';`,
      `export { e } from './e';`,
      `import f = require('./f');`,
    ].join('\n');
    expect(specs(source)).toEqual([
      'import type ./types',
      'import ./c',
      'import type ./d',
      're-export ./star',
      're-export ./e',
      'import ./f',
    ]);
  });

  it('finds require, literal import(), new URL(..., import.meta.url) and import.meta.resolve', () => {
    const source = [
      `const x = require('./x');`,
      `const y = require.resolve("./y.json");`,
      `const z = await import('./z');`,
      `const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });`,
      `const r = import.meta.resolve('./r.js');`,
    ].join('\n');
    expect(specs(source)).toEqual([
      'dynamic import ./z',
      'require ./x',
      'require ./y.json',
      'new URL ./worker.ts',
      'dynamic import ./r.js',
    ]);
  });

  it('says when a module is named by an expression, and keeps the fixed part of a template or concatenation', () => {
    const facts = scanJs(
      [
        'const a = require(name);',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JS source under test, not a template
        'const b = import(`./locales/${lang}.json`);',
        "const c = import('./plugins/' + p);",
        'const d = import(spec);',
      ].join('\n'),
      'js',
    );
    expect(facts.unsure).toEqual(['a non-literal import()', 'a non-literal require()']);
    expect(facts.globs).toEqual([
      { kind: 'dynamic import', pattern: './locales/*.json' },
      { kind: 'dynamic import', pattern: './plugins/*' },
    ]);
  });

  it('keeps string literals that may name files, and path-like templates as patterns', () => {
    const facts = scanJs(
      [
        "import { load } from './load';",
        "const weights = load('models/sentiment/model.json');",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: JS source under test, not a template
        'const split = `data/${name}.csv`;',
        "const msg = 'hello world';",
        "const url = 'https://x.org/a.csv';",
      ].join('\n'),
      'js',
    );
    expect(facts.literals).toEqual(['models/sentiment/model.json', 'hello world']);
    expect(facts.globs).toEqual([{ kind: 'literal', pattern: 'data/*.csv' }]);
  });

  it('takes a glob literal for the files it matches, widening ? [] {} to *', () => {
    const facts = scanJs(
      [
        "const plugins = import.meta.glob('./plugins/*.ts');",
        "const locales = import.meta.glob('./*.json');",
        "const up = import.meta.glob('../*.ts');",
        "const shards = glob.sync('data/shard-?.{bin,npz}');",
        "const here = fg.sync('*.yaml');",
        "const all = fg.sync('**/*.ts');",
        "const any = '*';",
      ].join('\n'),
      'js',
    );
    expect(facts.globs).toEqual([
      { kind: 'literal', pattern: './plugins/*.ts' },
      { kind: 'literal', pattern: './*.json' },
      { kind: 'literal', pattern: '../*.ts' },
      { kind: 'literal', pattern: 'data/shard-*.*' },
      // A bare file pattern: from the file's own folder only.
      { kind: 'literal', pattern: './*.yaml' },
    ]);
    expect(facts.literals).toEqual([]);
  });

  it('is not fooled by quotes in regexes, comments and templates', () => {
    const source = [
      `const re = /['"]/g; // don't`,
      `/* it's a comment with require('./not') */`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JS source under test, not a template
      'const t = `it\'s ${`nested ${"x"}`} fine`;',
      `if (a) /'/.test(b);`,
      `const half = total / 2, other = x / 'y'.length;`,
      `const dep = require('./real');`,
    ].join('\n');
    expect(specs(source)).toEqual(['require ./real']);
  });

  it('falls back to a loose scan for JSX, which finds every import', () => {
    const facts = scanJs(
      `import a from './a';\nconst x = <p>Don't {a}</p>;\nimport b from './b';\nconst c = require('./c');`,
      'jsx',
    );
    expect(facts.loose).toBe('JSX, scanned loosely');
    expect(facts.specs.map((s) => s.spec).sort()).toEqual(['./a', './b', './c']);
  });

  it("reads a component's unquoted CSS url() as a literal, but not a data: URL or an SVG reference", () => {
    const facts = scanJs(
      '<template><img src="@/assets/logo.png"></template>\n<style>.a { background: url(../assets/bg.png); }\n.b { mask: url( ./m.svg ) } .c { fill: url(#g) } .d { background: url(data:image/png;base64,AA) }</style>\n',
      'sfc',
    );
    expect(facts.literals.sort()).toEqual(['../assets/bg.png', './m.svg', '@/assets/logo.png']);
  });

  it('falls back to a loose scan for a file that does not parse, and says so', () => {
    const facts = scanJs(`import a from './a';\nconst x = {;\nconst s = 'unterminated\n`, 'js');
    expect(facts.loose).toMatch(/^did not parse/);
    expect(facts.specs.map((s) => s.spec)).toContain('./a');
  });
});
