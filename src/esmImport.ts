// The CLI's one place for `import()` of an ES module: a user's config, husky and execa (ES modules
// only). It is its own chunk, loaded on demand: compileCache.ts compiles the others from V8's code
// cache, and on Node 20 a script made from a code cache cannot import() (scripts/build.mjs marks
// any chunk that does, which is then compiled as usual).

/** The module at `specifier` (a package name or a file: URL). */
export const esmImport = <T = Record<string, unknown>>(specifier: string): Promise<T> =>
  import(specifier) as Promise<T>;
