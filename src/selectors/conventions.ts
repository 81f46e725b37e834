import { CODE_EXTENSIONS } from '../config/defaults.js';
import type { TestFile } from './classifyTests.js';
import type { Selector } from './select.js';

// Directory names that hold sources or tests but say nothing about which module a test is for.
const ROOT_DIRS = new Set([
  'src',
  'lib',
  'app',
  'source',
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'unit',
  'integration',
]);
// Files named after their folder's module: `foo/index.ts` is module `foo`.
const INDEX_NAMES = new Set(['index', '__init__', '__main__', 'mod', 'main']);

const extOf = (path: string): string => {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(dot) : '';
};

const familyOf = (path: string): 'py' | 'js' | null => {
  const ext = extOf(path);
  if (!CODE_EXTENSIONS.includes(ext)) return null;
  return ext === '.py' ? 'py' : 'js';
};

const split = (path: string) => {
  const parts = path.split('/');
  const base = parts.pop()!;
  return { dirs: parts, name: base.slice(0, base.length - extOf(base).length) };
};

const moduleDir = (dirs: string[]): string => dirs.filter((dir) => !ROOT_DIRS.has(dir)).join('/');

/** The module a source file is: `src/pkg/model.py` -> { stem: 'model', dir: 'pkg' }. */
export const sourceKey = (path: string): { stem: string; dir: string } => {
  const { dirs, name } = split(path);
  if (INDEX_NAMES.has(name) && dirs.length > 0) {
    const stem = dirs[dirs.length - 1]!;
    return { stem, dir: moduleDir(dirs.slice(0, -1)) };
  }
  return { stem: name, dir: moduleDir(dirs) };
};

/** The module a test file is for: `tests/pkg/test_model.py`, `test/model.slow.test.ts` -> 'model'. */
export const testKey = (path: string): { stem: string; dir: string } => {
  const { dirs, name } = split(path);
  const stem = name
    .replace(/\.(?:slow\.)?(?:test|spec)$/, '')
    .replace(/^test_/, '')
    .replace(/_test$/, '');
  return { stem, dir: moduleDir(dirs) };
};

const endsWithDir = (longer: string, shorter: string): boolean =>
  shorter === '' || longer === shorter || longer.endsWith(`/${shorter}`);

/** Whether a test file is, by name and place, the test of a source file. */
export const isConventionalTest = (source: string, test: string): boolean => {
  const family = familyOf(source);
  if (family === null || familyOf(test) !== family) return false;
  const s = sourceKey(source);
  const t = testKey(test);
  return s.stem === t.stem && (endsWithDir(s.dir, t.dir) || endsWithDir(t.dir, s.dir));
};

/** `src/foo.ts` selects `test/foo.test.ts` and `src/foo.test.ts`; `pkg/foo.py` selects `tests/test_foo.py`. */
export const conventions: Selector = ({ changes, config, classify, testFiles, pick }) => {
  if (!config.conventions) return;
  const sources = changes
    .flatMap((change) =>
      change.status === 'R' && change.oldPath
        ? [
            { path: change.path, verb: `renamed from ${change.oldPath}` },
            { path: change.oldPath, verb: `renamed to ${change.path}` },
          ]
        : [
            {
              path: change.path,
              verb: change.status === 'D' ? 'deleted' : change.status === 'A' ? 'added' : 'changed',
            },
          ],
    )
    .filter(({ path }) => familyOf(path) !== null && classify(path) === null);
  if (sources.length === 0) return;
  // Only tests whose name holds a changed module's name can be its test: the rest are not split up.
  const stems = [...new Set(sources.map(({ path }) => sourceKey(path).stem))];
  const byStem = new Map<string, TestFile[]>();
  for (const test of testFiles()) {
    const name = test.path.slice(test.path.lastIndexOf('/') + 1);
    if (!stems.some((stem) => name.includes(stem))) continue;
    const { stem } = testKey(test.path);
    const list = byStem.get(stem);
    if (list) list.push(test);
    else byStem.set(stem, [test]);
  }
  for (const { path, verb } of sources) {
    for (const test of byStem.get(sourceKey(path).stem) ?? []) {
      if (isConventionalTest(path, test.path)) pick(test, `${path} ${verb}: naming convention`);
    }
  }
};
