import type { Packages } from './packages.js';
import { parseJsonc } from './parseJsonc.js';
import { dirOf, joinPath } from './paths.js';

/** What a tsconfig (with everything it extends) says about resolving bare specifiers. */
export interface PathsConfig {
  /** A project-relative folder, or null. */
  baseUrl: string | null;
  paths: Record<string, string[]> | null;
  /** What `paths` targets are relative to: baseUrl, else the folder of the tsconfig that set them. */
  pathsBase: string;
  /** The folder of the tsconfig in use, which `${configDir}` names (TypeScript 5.5) wherever it was written. */
  configDir: string;
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: TypeScript's own placeholder, not a template
export const CONFIG_DIR = '${configDir}';

/** A path of a tsconfig option, with `${configDir}` read as the folder of the tsconfig in use. */
export const withConfigDir = (value: string, configDir: string): string | null =>
  joinPath(configDir, `.${value.slice(value.indexOf(CONFIG_DIR) + CONFIG_DIR.length)}`);

export { isTsconfig } from './configFiles.js';

type Raw = { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };

/** What a tsconfig says once merged with what it extends (`rawBaseUrl`: one naming `${configDir}`). */
type Effective = {
  baseUrl?: string;
  rawBaseUrl?: string;
  paths?: Record<string, string[]>;
  pathsDir?: string;
};

const parentsOf = (raw: Raw | null): string[] => {
  if (!raw || typeof raw !== 'object') return [];
  const parents =
    typeof raw.extends === 'string' ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends : [];
  return parents.filter((parent): parent is string => typeof parent === 'string');
};

/**
 * The files a tsconfig's `extends` may name, in the order TypeScript tries them: a relative path,
 * with or without `.json`; or a file of a workspace package (`@repo/tsconfig/base.json`, and for the
 * bare name its `tsconfig` field or tsconfig.json). A package that is not in the repository adds nothing.
 */
export const extendsCandidates = (from: string, spec: string, packages: Packages | null): string[] => {
  const withJson = (path: string | null) =>
    path === null ? [] : path.endsWith('.json') ? [path] : [path, `${path}.json`];
  if (spec.startsWith('.')) return withJson(joinPath(dirOf(from), spec));
  if (!packages || spec.startsWith('/')) return [];
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return (packages.byName.get(name) ?? []).flatMap((pkg) => {
    if (spec.length > name.length) return withJson(joinPath(pkg.dir, spec.slice(name.length + 1)));
    const field = pkg.json.tsconfig;
    return withJson(joinPath(pkg.dir, typeof field === 'string' ? field : 'tsconfig.json'));
  });
};

/**
 * The tracked files the tsconfigs extend that are not tsconfigs by name (`configs/base.json`, a
 * workspace package's `base.json`), and what they extend in turn, read with `read`: path -> text.
 */
export const extendedConfigs = (
  texts: ReadonlyMap<string, string>,
  packages: Packages,
  tracked: (path: string) => boolean,
  read: (paths: string[]) => ReadonlyMap<string, string>,
): Map<string, string> => {
  const extra = new Map<string, string>();
  let next: [string, string][] = [...texts];
  while (next.length > 0) {
    const wanted = new Set<string>();
    for (const [file, text] of next) {
      for (const parent of parentsOf(parseJsonc(text) as Raw | null)) {
        const candidates = extendsCandidates(file, parent, packages);
        if (candidates.some((c) => texts.has(c) || extra.has(c))) continue;
        const found = candidates.find(tracked);
        if (found) wanted.add(found);
      }
    }
    const got = wanted.size > 0 ? read([...wanted]) : new Map<string, string>();
    next = [...wanted].map((path) => [path, got.get(path) ?? '']);
    for (const [path, text] of next) extra.set(path, text);
  }
  return extra;
};

/**
 * Reads every tracked tsconfig/jsconfig (`texts`: path -> content) and answers, for a folder, the
 * configs of the nearest folder that has one. `extends` is followed between tracked files: the
 * tsconfigs, and `extra` (what `extendedConfigs` read), through `packages` for a package name; a
 * config extended from a package that is not in the repository (node_modules) adds nothing.
 */
export const loadTsconfigs = (
  texts: ReadonlyMap<string, string>,
  {
    extra = new Map(),
    packages = null,
  }: { extra?: ReadonlyMap<string, string>; packages?: Packages | null } = {},
): ((dir: string) => PathsConfig[]) => {
  const effective = new Map<string, Effective>();
  const textOf = (file: string) => texts.get(file) ?? extra.get(file);
  const resolve = (file: string, seen: Set<string>) => {
    const known = effective.get(file);
    if (known) return known;
    const text = textOf(file);
    const raw = text === undefined || seen.has(file) ? null : (parseJsonc(text) as Raw | null);
    seen.add(file);
    let merged: Effective = {};
    if (raw && typeof raw === 'object') {
      for (const parent of parentsOf(raw)) {
        const found = extendsCandidates(file, parent, packages).find((c) => textOf(c) !== undefined);
        if (found) merged = { ...merged, ...resolve(found, seen) };
      }
      const options = raw.compilerOptions;
      if (options && typeof options.baseUrl === 'string') {
        const configDir = options.baseUrl.includes(CONFIG_DIR);
        merged.rawBaseUrl = configDir ? options.baseUrl : undefined;
        merged.baseUrl = configDir ? undefined : (joinPath(dirOf(file), options.baseUrl) ?? undefined);
      }
      if (options?.paths && typeof options.paths === 'object') {
        merged.paths = options.paths as Record<string, string[]>;
        merged.pathsDir = dirOf(file);
      }
    }
    effective.set(file, merged);
    return merged;
  };

  const byDir = new Map<string, string[]>();
  for (const file of texts.keys()) byDir.set(dirOf(file), [...(byDir.get(dirOf(file)) ?? []), file]);
  const nearest = new Map<string, PathsConfig[]>();
  const lookup = (dir: string): PathsConfig[] => {
    const known = nearest.get(dir);
    if (known) return known;
    const files = byDir.get(dir);
    const found = files
      ? files.map((file) => {
          const { rawBaseUrl, paths, pathsDir, ...rest } = resolve(file, new Set());
          const baseUrl = rawBaseUrl ? withConfigDir(rawBaseUrl, dirOf(file)) : rest.baseUrl;
          return {
            baseUrl: baseUrl ?? null,
            paths: paths ?? null,
            pathsBase: baseUrl ?? pathsDir ?? dirOf(file),
            configDir: dirOf(file),
          };
        })
      : dir === ''
        ? []
        : lookup(dirOf(dir));
    nearest.set(dir, found);
    return found;
  };
  return lookup;
};

/** The targets of a `paths` mapping for a specifier: exact keys, then `prefix*suffix` patterns. */
export const matchPaths = (paths: Record<string, string[]>, spec: string): string[] => {
  const out: string[] = [];
  for (const [key, targets] of Object.entries(paths)) {
    if (!Array.isArray(targets)) continue;
    const star = key.indexOf('*');
    if (star < 0) {
      if (key === spec) out.push(...targets);
      continue;
    }
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (spec.length >= prefix.length + suffix.length && spec.startsWith(prefix) && spec.endsWith(suffix)) {
      const matched = spec.slice(prefix.length, spec.length - suffix.length);
      out.push(...targets.map((target) => String(target).replace('*', matched)));
    }
  }
  return out;
};
