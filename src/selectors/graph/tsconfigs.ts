import { parseJsonc } from './parseJsonc.js';
import { dirOf, joinPath } from './paths.js';

/** What a tsconfig (with everything it extends) says about resolving bare specifiers. */
export interface PathsConfig {
  /** A project-relative folder, or null. */
  baseUrl: string | null;
  paths: Record<string, string[]> | null;
  /** What `paths` targets are relative to: baseUrl, else the folder of the tsconfig that set them. */
  pathsBase: string;
}

export { isTsconfig } from './configFiles.js';

type Raw = { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } };

/**
 * Reads every tracked tsconfig/jsconfig (`texts`: path -> content) and answers, for a folder, the
 * configs of the nearest folder that has one. `extends` is followed between tracked files;
 * a config extended from a package (node_modules) is not tracked and adds nothing.
 */
export const loadTsconfigs = (texts: ReadonlyMap<string, string>): ((dir: string) => PathsConfig[]) => {
  const effective = new Map<
    string,
    { baseUrl?: string; paths?: Record<string, string[]>; pathsDir?: string }
  >();
  const resolve = (file: string, seen: Set<string>) => {
    const known = effective.get(file);
    if (known) return known;
    const text = texts.get(file);
    const raw = text === undefined || seen.has(file) ? null : (parseJsonc(text) as Raw | null);
    seen.add(file);
    let merged: { baseUrl?: string; paths?: Record<string, string[]>; pathsDir?: string } = {};
    if (raw && typeof raw === 'object') {
      const parents =
        typeof raw.extends === 'string' ? [raw.extends] : Array.isArray(raw.extends) ? raw.extends : [];
      for (const parent of parents) {
        if (typeof parent !== 'string' || !parent.startsWith('.')) continue;
        const target = joinPath(dirOf(file), parent);
        if (target === null) continue;
        const found = texts.has(target) ? target : texts.has(`${target}.json`) ? `${target}.json` : null;
        if (found) merged = { ...merged, ...resolve(found, seen) };
      }
      const options = raw.compilerOptions;
      if (options && typeof options.baseUrl === 'string')
        merged.baseUrl = joinPath(dirOf(file), options.baseUrl) ?? undefined;
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
          const { baseUrl, paths, pathsDir } = resolve(file, new Set());
          return {
            baseUrl: baseUrl ?? null,
            paths: paths ?? null,
            pathsBase: baseUrl ?? pathsDir ?? dirOf(file),
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
