import { describe, expect, it } from 'vitest';
import { isConfig } from '../../../src/selectors/graph/configFiles.js';
import { createFileIndex } from '../../../src/selectors/graph/fileIndex.js';
import { loadPackages, resolvePackageMap } from '../../../src/selectors/graph/packages.js';
import { createJsResolver } from '../../../src/selectors/graph/resolveJs.js';
import { createResolvers } from '../../../src/selectors/graph/resolvers.js';
import { loadTsconfigs, matchPaths } from '../../../src/selectors/graph/tsconfigs.js';

const resolverOf = (files: string[], configs: Record<string, string> = {}) => {
  const texts = new Map(Object.entries(configs));
  const pick = (test: (p: string) => boolean) => new Map([...texts].filter(([p]) => test(p)));
  return createJsResolver({
    index: createFileIndex(files),
    tsconfigs: loadTsconfigs(pick((p) => /tsconfig|jsconfig/.test(p))),
    packages: loadPackages(pick((p) => p.endsWith('package.json'))),
  });
};

describe('JS/TS resolution against the tracked files', () => {
  const files = [
    'src/a.ts',
    'src/utils/index.ts',
    'src/esm.ts',
    'src/comp.tsx',
    'src/data.json',
    'src/style.css',
    'lib/legacy.js',
    'lib/legacy.ts',
  ];
  const { resolve } = resolverOf(files);

  it('resolves relative, extension-less, index and JSON specifiers', () => {
    expect(resolve('./a', 'src').files).toEqual(['src/a.ts']);
    expect(resolve('./utils', 'src').files).toEqual(['src/utils/index.ts']);
    expect(resolve('../src/data.json', 'test').files).toEqual(['src/data.json']);
    expect(resolve('./data', 'src').files).toEqual(['src/data.json']);
    expect(resolve('./style.css?inline', 'src').files).toEqual(['src/style.css']);
  });

  it('reads a plain relative specifier alone as resolve does, and leaves it every other form', () => {
    const tracked = [
      ...files,
      'pkg/package.json',
      'pkg/src/index.ts',
      'src/utils.ts',
      'src/nested/deep/mod.ts',
      'Makefile',
      'src/x.js',
      'src/x.ts',
    ];
    const js = resolverOf(tracked, { 'pkg/package.json': '{"name":"pkg","main":"src/index.ts"}' });
    const plain = [
      './a',
      './a.js',
      './esm.js',
      './utils',
      './utils/',
      './utils.ts',
      '../src/data.json',
      './data',
      '../Makefile',
      './nested/deep/mod',
      '../../pkg',
      '../lib/legacy',
      './x.js',
      './missing',
      '../../../outside',
      './style.css',
    ];
    for (const dir of ['src', 'src/nested', 'test']) {
      for (const spec of plain) {
        const alone = js.resolveRelative(spec, dir);
        expect(alone, `${spec} from ${dir}`).not.toBeUndefined();
        expect({ spec, dir, files: alone === null ? [] : [alone] }).toEqual({
          spec,
          dir,
          files: js.resolve(spec, dir).files,
        });
      }
    }
    // Hits of each kind and misses, or the comparison above proves little.
    expect(js.resolveRelative('./a.js', 'src')).toBe('src/a.ts');
    expect(js.resolveRelative('./utils', 'src')).toBe('src/utils.ts');
    expect(js.resolveRelative('./utils/', 'src')).toBe('src/utils/index.ts');
    expect(js.resolveRelative('../../pkg', 'src/nested')).toBe('pkg/src/index.ts');
    expect(js.resolveRelative('./x.js', 'src')).toBe('src/x.js');
    expect(js.resolveRelative('./missing', 'src')).toBeNull();
    expect(js.resolveRelative('../../../outside', 'src')).toBeNull();
    for (const spec of [
      './style.css?inline',
      './a#x',
      'pkg',
      '@/a',
      '/src/a',
      '#internal',
      'node:fs',
      '.',
      '..',
    ])
      expect(js.resolveRelative(spec, 'src'), spec).toBeUndefined();
  });

  it('takes the extension TypeScript tries first, whatever order the files were listed in', () => {
    const tracked = [
      'src/m.js',
      'src/m.ts',
      'src/types.js',
      'src/types.d.ts',
      'src/x.d.js',
      'src/x.d.ts',
      'src/ui/index.js',
      'src/ui/index.tsx',
      'src/cfg.json',
      'src/cfg.cjs',
    ];
    for (const order of [tracked, [...tracked].reverse()]) {
      const { resolve } = resolverOf(order);
      expect(resolve('./m', 'src').files).toEqual(['src/m.ts']);
      expect(resolve('./types', 'src').files).toEqual(['src/types.d.ts']);
      // `x.d.ts` is `x.d` with `.ts`, which comes before `.js`.
      expect(resolve('./x.d', 'src').files).toEqual(['src/x.d.ts']);
      expect(resolve('./ui', 'src').files).toEqual(['src/ui/index.tsx']);
      expect(resolve('./cfg', 'src').files).toEqual(['src/cfg.cjs']);
    }
  });

  it("reads './x/', '.' and '..' as the folder, even beside a file of the same name", () => {
    const { resolve } = resolverOf(['src/utils.ts', 'src/utils/index.ts', 'src/utils/zz.ts', 'index.ts']);
    expect(resolve('./utils', 'src').files).toEqual(['src/utils.ts']);
    expect(resolve('./utils/', 'src').files).toEqual(['src/utils/index.ts']);
    expect(resolve('../src/utils/', 'test').files).toEqual(['src/utils/index.ts']);
    expect(resolve('.', 'src/utils').files).toEqual(['src/utils/index.ts']);
    expect(resolve('./', 'src/utils').files).toEqual(['src/utils/index.ts']);
    expect(resolve('..', 'src/utils/deep').files).toEqual(['src/utils/index.ts']);
    expect(resolve('./utils/.', 'src').files).toEqual(['src/utils/index.ts']);
    expect(resolve('..', 'src').files).toEqual(['index.ts']);
  });

  it('maps the .js of TypeScript ESM imports to the .ts source, but takes an existing file as it is', () => {
    expect(resolve('./esm.js', 'src').files).toEqual(['src/esm.ts']);
    expect(resolve('./comp.jsx', 'src').files).toEqual(['src/comp.tsx']);
    expect(resolve('../lib/legacy.js', 'src').files).toEqual(['lib/legacy.js']);
  });

  it('resolves nothing for packages that are not in the repo, builtins, URLs and paths above the root', () => {
    for (const spec of ['react', 'node:fs', 'fs', 'https://x.org/m.js', '../../../x'])
      expect(resolve(spec, 'src').files).toEqual([]);
  });
});

describe("aliases only a bundler's or runner's config defines (Vite resolve.alias, jest moduleNameMapper)", () => {
  const files = [
    'package.json',
    'src/lib/tokenize.ts',
    'src/lib/index.ts',
    'src/components/Button.vue',
    'src/utils/format.js',
    'packages/ui/src/lib/tokenize.ts',
    'test/lib/tokenize.test.ts',
    'scripts/react.ts',
  ];
  const { resolve } = resolverOf(files, {
    'package.json': JSON.stringify({
      dependencies: { react: '19.0.0', lodash: '4.17.21' },
      devDependencies: { '@types/node': '20.0.0', '@types/babel__core': '7.0.0' },
    }),
  });

  it('finds what follows the alias under any folder that has it, and says the edge is a guess', () => {
    expect(resolve('@/lib/tokenize.js', 'src')).toEqual({
      files: ['src/lib/tokenize.ts', 'packages/ui/src/lib/tokenize.ts'],
      guessed: true,
    });
    expect(resolve('~/lib', 'test').files).toEqual(['src/lib/index.ts']);
    expect(resolve('$lib/tokenize', 'src').files.sort()).toEqual([
      'packages/ui/src/lib/tokenize.ts',
      'src/lib/tokenize.ts',
    ]);
    expect(resolve('@components/Button.vue', 'src').files).toEqual(['src/components/Button.vue']);
    // An alias named as its folder (`~lib` -> src/lib), and one whose folder is named otherwise.
    expect(resolve('~lib', 'src').files).toEqual(['src/lib/index.ts']);
    expect(resolve('@helpers/format', 'src').files).toEqual(['src/utils/format.js']);
    // jest's moduleDirectories: ['node_modules', 'src'].
    expect(resolve('utils/format', 'test').files).toEqual(['src/utils/format.js']);
  });

  it("takes the longest path an alias may stand for, and the importer's own package first", () => {
    const { resolve } = resolverOf(
      [
        'package.json',
        'src/utils.ts',
        'scripts/utils.ts',
        'src/ui/components/Card.tsx',
        'src/legacy/Card.tsx',
        'apps/web/package.json',
        'apps/web/src/lib/api.ts',
        'apps/admin/package.json',
        'apps/admin/src/lib/api.ts',
      ],
      {
        'package.json': '{ "private": true, "devDependencies": { "vitest": "4.1.12" } }',
        'apps/web/package.json': '{ "name": "web" }',
        'apps/admin/package.json': '{ "name": "admin" }',
      },
    );
    // jest's moduleDirectories, or baseUrl set only in a bundler: `src/utils` is src/utils.ts alone.
    expect(resolve('src/utils', 'test').files).toEqual(['src/utils.ts']);
    expect(resolve('@components/Card', 'src').files).toEqual(['src/ui/components/Card.tsx']);
    expect(resolve('@/lib/api', 'apps/web/src/pages').files).toEqual(['apps/web/src/lib/api.ts']);
    expect(resolve('@/lib/api', 'apps/admin/test').files).toEqual(['apps/admin/src/lib/api.ts']);
  });

  it('takes no runtime module, no scope of a declared package, and no bare name where no package.json is', () => {
    const files = ['src/setup/globals.ts', 'src/lib/stores.ts', 'static/client.js', 'src/lib/x.ts'];
    const declaring = resolverOf(['package.json', ...files], {
      'package.json': '{ "devDependencies": { "jest": "30.0.0", "@sveltejs/kit": "2.0.0" } }',
    }).resolve;
    for (const spec of ['@jest/globals', '$app/stores', '$env/static/private', '@sveltejs/enhanced-img'])
      expect(declaring(spec, 'src')).toEqual({ files: [] });
    // Deno, or scripts: packages come from an import map or a CDN; only a sigil says alias.
    const bare = resolverOf(files).resolve;
    expect(bare('react-dom/client', 'src')).toEqual({ files: [] });
    expect(bare('@/lib/x', 'src')).toEqual({ files: ['src/lib/x.ts'], guessed: true });
  });

  it('leaves declared packages (and their @types), builtins and other schemes alone', () => {
    for (const spec of [
      'react',
      'react/jsx-runtime',
      'lodash/fp',
      'node',
      'fs/promises',
      '@babel/core',
      'virtual:pwa',
    ])
      expect(resolve(spec, 'src')).toEqual({ files: [] });
  });
});

describe('tsconfig paths and baseUrl', () => {
  it('follows extends, applies paths relative to baseUrl, and falls back to baseUrl', () => {
    const { resolve } = resolverOf(['web/src/lib/tok.ts', 'web/src/app/main.ts', 'web/src/shared.ts'], {
      'tsconfig.base.json':
        '{ // comments and trailing commas, as tsc allows\n "compilerOptions": { "baseUrl": "./web/src", "paths": { "@lib/*": ["lib/*"], "~app": ["app/main.ts"] }, }, }',
      'web/tsconfig.json': '{ "extends": "../tsconfig.base.json" }',
    });
    expect(resolve('@lib/tok', 'web/src/app').files).toEqual(['web/src/lib/tok.ts']);
    expect(resolve('~app', 'web/src').files).toEqual(['web/src/app/main.ts']);
    expect(resolve('shared', 'web/src/app').files).toEqual(['web/src/shared.ts']);
  });

  it('reads paths relative to the tsconfig that sets them when there is no baseUrl', () => {
    const { resolve } = resolverOf(['pkg/src/x.ts'], {
      'pkg/tsconfig.json': '{ "compilerOptions": { "paths": { "#x": ["./src/x.ts"] } } }',
    });
    expect(resolve('#x', 'pkg/src').files).toEqual(['pkg/src/x.ts']);
  });

  it('reads what a tsconfig extends under any name, in the repo or in a workspace package, and says which', () => {
    const files = {
      'package.json': '{ "name": "mono", "workspaces": ["packages/*", "apps/*"] }',
      'packages/tsconfig/package.json': '{ "name": "@repo/tsconfig" }',
      'packages/tsconfig/base.json': '{ "extends": "./strict", "compilerOptions": { "baseUrl": "." } }',
      'packages/tsconfig/strict.json':
        '{ "compilerOptions": { "paths": { "@s/*": ["../../apps/web/src/*"] } } }',
      'apps/web/tsconfig.json': '{ "extends": "@repo/tsconfig/base.json" }',
      'apps/api/tsconfig.json': '{ "extends": "../../configs/api" }',
      'configs/api.json': '{ "compilerOptions": { "paths": { "@api/*": ["../apps/api/src/*"] } } }',
      'apps/web/src/s.ts': '',
      'apps/api/src/h.ts': '',
    };
    const index = createFileIndex(Object.keys(files));
    const configs = Object.keys(files)
      .filter((path) => isConfig(path, 'json'))
      .map((path) => ({ path, id: path, mode: '100644' }));
    const asked: string[][] = [];
    const read = (paths: string[]) => {
      asked.push(paths);
      return new Map(paths.map((path) => [path, files[path as keyof typeof files]]));
    };
    const { js, extraConfigs } = createResolvers(index, configs, new Map(Object.entries(files)), read);
    // Two rounds: the extended files, then what they extend.
    expect(asked).toEqual([
      ['packages/tsconfig/base.json', 'configs/api.json'],
      ['packages/tsconfig/strict.json'],
    ]);
    expect(extraConfigs.sort()).toEqual([
      'configs/api.json',
      'packages/tsconfig/base.json',
      'packages/tsconfig/strict.json',
    ]);
    expect(js.resolve('@s/s', 'apps/web').files).toEqual(['apps/web/src/s.ts']);
    expect(js.resolve('@api/h', 'apps/api').files).toEqual(['apps/api/src/h.ts']);
    expect(js.resolve('@api/h', 'apps/api').guessed).toBeUndefined();
    // Without a way to read them, `@api` is an alias nothing defines: found by path, and said so.
    expect(
      createResolvers(index, configs, new Map(Object.entries(files))).js.resolve('@api/h', 'apps/api'),
    ).toEqual({ files: ['apps/api/src/h.ts'], guessed: true });
  });

  it('reads the configDir placeholder as the folder of the tsconfig in use, wherever it was written (TypeScript 5.5)', () => {
    const { resolve } = resolverOf(['web/src/util.ts', 'api/lib/h.ts'], {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript's placeholder under test
      'configs/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@/*": ["${configDir}/src/*"] } } }',
      'web/tsconfig.json': '{ "extends": "../configs/tsconfig.base.json" }',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript's placeholder under test
      'api/tsconfig.json': '{ "compilerOptions": { "baseUrl": "${configDir}/lib" } }',
    });
    expect(resolve('@/util', 'web/src').files).toEqual(['web/src/util.ts']);
    expect(resolve('h', 'api').files).toEqual(['api/lib/h.ts']);
  });

  it('matches exact keys and one-star patterns', () => {
    expect(matchPaths({ '@a/*': ['a/*', 'b/*'], exact: ['e.ts'] }, '@a/x/y')).toEqual(['a/x/y', 'b/x/y']);
    expect(matchPaths({ '@a/*': ['a/*'], exact: ['e.ts'] }, 'exact')).toEqual(['e.ts']);
  });
});

describe('package.json exports, imports and workspace packages', () => {
  it('takes every condition of an exports map, since any may be the one in use', () => {
    expect(
      resolvePackageMap({ '.': { import: './esm/i.js', require: './cjs/i.js', types: './i.d.ts' } }, '.'),
    ).toEqual(['./esm/i.js', './cjs/i.js', './i.d.ts']);
    expect(resolvePackageMap({ './feat/*': { default: './src/feat/*.ts' } }, './feat/x')).toEqual([
      './src/feat/x.ts',
    ]);
    expect(resolvePackageMap('./main.js', '.')).toEqual(['./main.js']);
    expect(resolvePackageMap({ '.': './i.js' }, './not-exported')).toBeNull();
  });

  it('resolves a workspace package by name, from build output back to its sources', () => {
    const { resolve } = resolverOf(
      ['packages/lib/src/index.ts', 'packages/lib/src/math.ts', 'packages/app/src/a.ts'],
      {
        'packages/lib/package.json': JSON.stringify({
          name: '@acme/lib',
          exports: { '.': { import: './dist/index.js' }, './math': './dist/math.js' },
        }),
        'packages/app/package.json': JSON.stringify({ name: '@acme/app' }),
      },
    );
    expect(resolve('@acme/lib', 'packages/app/src').files).toEqual(['packages/lib/src/index.ts']);
    expect(resolve('@acme/lib/math', 'packages/app/src').files).toEqual(['packages/lib/src/math.ts']);
    expect(resolve('@acme/lib/private', 'packages/app/src')).toEqual({ files: [] });
  });

  it('depends on the whole package when its entry is nowhere in the repo', () => {
    const { resolve } = resolverOf(['packages/gen/README.md', 'packages/gen/build.js'], {
      'packages/gen/package.json': JSON.stringify({ name: 'gen', main: 'out/generated.js' }),
    });
    expect(resolve('gen', 'src')).toEqual({ files: [], folder: 'packages/gen' });
  });

  it('resolves #imports through the nearest package.json', () => {
    const { resolve } = resolverOf(['app/src/utils/f.js'], {
      'app/package.json': JSON.stringify({ imports: { '#utils/*': './src/utils/*' } }),
    });
    expect(resolve('#utils/f.js', 'app/src/deep').files).toEqual(['app/src/utils/f.js']);
  });
});
