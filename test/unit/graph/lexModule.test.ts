import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createModuleLexer,
  instantiateLexer,
  lexWithModule,
  lexWithPackage,
} from '../../../src/selectors/graph/lexModule.js';

// The module read on its own must say what the package's parse() says, for every source it reads;
// what it leaves (null) goes to parse(). Real sources first: this repository's own TypeScript and
// the JavaScript and TypeScript of its dependencies, thousands of files nobody wrote for the test.

const load = createRequire(import.meta.url);
const lexer = load('es-module-lexer') as typeof import('es-module-lexer');
const LEXER_FILE = load.resolve('es-module-lexer');
const ROOT = join(import.meta.dirname, '..', '..', '..');

let wasm: NonNullable<Awaited<ReturnType<typeof instantiateLexer>>>;
beforeAll(async () => {
  await lexer.init();
  const made = await instantiateLexer(LEXER_FILE);
  if (!made) throw new Error(`es-module-lexer's module could not be read from ${LEXER_FILE}`);
  wasm = made;
});

const sourcesUnder = (dir: string, out: string[], limit: number): string[] => {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    if (out.length >= limit) break;
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) sourcesUnder(path, out, limit);
    else if (/\.(?:[cm]?[jt]s)$/.test(name) && !name.endsWith('.d.ts') && stat.size < 512 * 1024)
      out.push(path);
  }
  return out;
};

/** What the package's parse() makes of a source, or the message it throws. */
const byPackage = (source: string) => {
  try {
    return lexWithPackage(lexer, source);
  } catch (error) {
    return { error: (error as Error).message };
  }
};

describe('es-module-lexer read from its module', () => {
  it('reads real sources as the package does, and most of them without it', () => {
    const files = [
      ...sourcesUnder(join(ROOT, 'src'), [], 1000),
      ...sourcesUnder(join(ROOT, 'test'), [], 1000),
      ...sourcesUnder(join(ROOT, 'node_modules'), [], 4000),
    ];
    expect(files.length).toBeGreaterThan(3000);
    let read = 0;
    let imports = 0;
    let reexports = 0;
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const own = lexWithModule(wasm, source);
      if (own === null) continue;
      read++;
      imports += own.imports.length;
      reexports += own.reexported?.length ?? 0;
      // On a mismatch, the file is named.
      expect({ file, lexed: own }).toEqual({ file, lexed: byPackage(source) });
    }
    // The shortcut is the rule, not the exception; and the sources had imports and re-exports to compare.
    expect(read / files.length).toBeGreaterThan(0.9);
    expect(imports).toBeGreaterThan(5000);
    expect(reexports).toBeGreaterThan(50);
  });

  it('reads every form scanJs cares about as the package does', () => {
    const cases = [
      `import a from './a'; import * as b from "./b"; import './c';`,
      `import type { T } from './t'; import { type U, v } from './v'; export type { W } from './w';`,
      `export * from './star'; export * as ns from './ns'; export { x, y as z } from './xy'; export {} from './none';`,
      `export const local = 1; export { local as alias }; export default function f() {}`,
      `import x = require('./x'); export import y = require('./y'); import type z = require('./z');`,
      `const m = import.meta.url; const r = import.meta.resolve('./r');`,
      `const d = await import('./d'); const e = import(name); const f = import('./f' + g);`,
      `type T = import('./type-only').T; const p: typeof import('./p') = null as any;`,
      `import json from './data.json' with { type: 'json' }; import source wasm from './m.wasm';`,
      `import defer * as lazy from './lazy';`,
      'const t = import(`./plain-template`);',
      'const t2 = import(`./line\r\nbreak`);',
      `// import './commented'\n/* import './block' */ const s = "import './in-a-string'";`,
      `import '😀/emoji'; import { é } from './accent-é'; const after = import('./after-surrogates');`,
      `export { default } from './default'; export { default as named } from './named-default';`,
    ];
    for (const source of cases) {
      const own = lexWithModule(wasm, source);
      expect(own, source).not.toBeNull();
      expect({ source, lexed: own }).toEqual({ source, lexed: byPackage(source) });
    }
  });

  it('leaves to the package what only it reads: escapes, templates in import(), sources that do not lex', () => {
    const left = [
      `import a from './\\u0061';`,
      `import b from './b\\x62';`,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: JS source under test, not a template
      'const c = import(`./locale/${lang}.js`);',
      `import { from './broken';`,
      'const unterminated = `abc',
    ];
    for (const source of left) expect(lexWithModule(wasm, source), source).toBeNull();
    // And the reader falls through to the package for them, with the package's result or error.
    const lex = createModuleLexer(lexer, wasm);
    expect(lex(left[0]!).imports[0]!.specifier).toBe('./a');
    expect(lex(left[2]!).imports[0]).toMatchObject({
      type: 'dynamic',
      glob: true,
      specifier: './locale/*.js',
    });
    expect(() => lex(left[3]!)).toThrow(/Parse error/);
  });

  it('grows its memory for a large source and reads small ones after it', () => {
    // The module starts with 16 MB, four bytes a character: a source of 5 million characters needs more.
    const big = Array.from({ length: 150_000 }, (_, k) => `import { v${k} } from './m${k % 97}';`).join('\n');
    expect(big.length).toBeGreaterThan(4_500_000);
    const before = wasm.memory.buffer.byteLength;
    const lexed = lexWithModule(wasm, big);
    expect(wasm.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(lexed).toEqual(byPackage(big));
    expect(lexed!.imports).toHaveLength(150_000);
    const small = `export * from './after-growth';`;
    expect(lexWithModule(wasm, small)).toEqual({
      imports: [
        {
          type: 'reexport-star',
          specifier: './after-growth',
          glob: false,
          dynamicStart: -1,
          typeOnly: false,
        },
      ],
      reexported: [0],
    });
  });

  it('without the module (a file that holds none, or holds garbage), everything goes to the package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlhooks-lexer-'));
    try {
      const none = join(dir, 'none.cjs');
      writeFileSync(none, 'module.exports = {};\n');
      expect(await instantiateLexer(none)).toBeNull();
      const garbage = join(dir, 'garbage.cjs');
      writeFileSync(garbage, `const A = "${'QUJD'.repeat(2000)}";\n`);
      expect(await instantiateLexer(garbage)).toBeNull();
      expect(await instantiateLexer(join(dir, 'missing.cjs'))).toBeNull();
      const lex = createModuleLexer(lexer, null);
      expect(lex(`import type { T } from './t'; export { a } from './a';`)).toEqual({
        imports: [
          { type: 'static', specifier: './t', glob: false, dynamicStart: -1, typeOnly: true },
          { type: 'static', specifier: './a', glob: false, dynamicStart: -1, typeOnly: false },
        ],
        reexported: [1],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
