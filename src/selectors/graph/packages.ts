import { dirOf } from './paths.js';

export interface PackageInfo {
  dir: string;
  name: string | null;
  json: Record<string, unknown>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/** The packages a package.json declares, `@types/x` as `x` too (`@types/a__b` as `@a/b`). */
const addDeclared = (record: Record<string, unknown>, into: Set<string>, scopes: Set<string>) => {
  for (const field of DEPENDENCY_FIELDS) {
    const deps = record[field];
    if (!deps || typeof deps !== 'object' || Array.isArray(deps)) continue;
    for (const name of Object.keys(deps)) {
      into.add(name);
      const slash = name.indexOf('/');
      if (name.startsWith('@') && slash > 1) scopes.add(name.slice(1, slash));
      if (name.startsWith('@types/')) {
        const typed = name.slice('@types/'.length);
        into.add(typed.includes('__') ? `@${typed.replace('__', '/')}` : typed);
      }
    }
  }
};

/**
 * Every tracked package.json: the workspace packages by name, the nearest package of a folder, and
 * the names any of them declares as a dependency.
 */
export const loadPackages = (texts: ReadonlyMap<string, string>) => {
  const byName = new Map<string, PackageInfo[]>();
  const byDir = new Map<string, PackageInfo>();
  const declared = new Set<string>();
  const scopes = new Set<string>();
  for (const [file, text] of texts) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      continue;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) continue;
    const record = json as Record<string, unknown>;
    const name = typeof record.name === 'string' ? record.name : null;
    const info: PackageInfo = { dir: dirOf(file), name, json: record };
    byDir.set(info.dir, info);
    if (name) byName.set(name, [...(byName.get(name) ?? []), info]);
    addDeclared(record, declared, scopes);
  }
  const nearest = new Map<string, PackageInfo | null>();
  const nearestPackage = (dir: string): PackageInfo | null => {
    const known = nearest.get(dir);
    if (known !== undefined) return known;
    const found = byDir.get(dir) ?? (dir === '' ? null : nearestPackage(dirOf(dir)));
    nearest.set(dir, found);
    return found;
  };
  return {
    byName,
    nearestPackage,
    declared: declared as ReadonlySet<string>,
    /** The scopes of the declared packages (`babel` of `@babel/core`). */
    scopes: scopes as ReadonlySet<string>,
  };
};

export type Packages = ReturnType<typeof loadPackages>;

/** All targets of an export/import condition tree: every condition, since any may be the one in use. */
const allTargets = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allTargets);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allTargets);
  return [];
};

/**
 * Resolves a subpath (`.`, `./x`, `#x`) through an `exports` or `imports` field, to package-relative
 * targets; null when the map has no entry for it.
 */
export const resolvePackageMap = (map: unknown, subpath: string): string[] | null => {
  if (map === undefined || map === null) return null;
  const isSubpathMap =
    typeof map === 'object' &&
    !Array.isArray(map) &&
    Object.keys(map).some((key) => key.startsWith('.') || key.startsWith('#'));
  if (!isSubpathMap) return subpath === '.' ? allTargets(map) : null;
  const entries = map as Record<string, unknown>;
  if (entries[subpath] !== undefined) return allTargets(entries[subpath]);
  const out: string[] = [];
  for (const [key, value] of Object.entries(entries)) {
    const star = key.indexOf('*');
    if (star >= 0) {
      const prefix = key.slice(0, star);
      const suffix = key.slice(star + 1);
      if (subpath.length >= key.length - 1 && subpath.startsWith(prefix) && subpath.endsWith(suffix)) {
        const matched = subpath.slice(prefix.length, subpath.length - suffix.length);
        out.push(...allTargets(value).map((target) => target.replaceAll('*', matched)));
      }
    } else if (key.endsWith('/') && subpath.startsWith(key)) {
      out.push(...allTargets(value).map((target) => target + subpath.slice(key.length)));
    }
  }
  return out.length > 0 ? out : null;
};
