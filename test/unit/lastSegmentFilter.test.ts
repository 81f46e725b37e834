import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validateConfig.js';
import { createClassifier } from '../../src/selectors/classifyTests.js';
import { lastSegmentFilter } from '../../src/selectors/lastSegmentFilter.js';

const JS = ['**/*.{test,spec}.{js,mjs,cjs,ts,mts,cts,jsx,tsx}', '**/*.slow.{test,spec}.*'];
const PY = ['**/test_*.py', '**/*_test.py'];

describe('lastSegmentFilter', () => {
  it('rules out a last segment no glob can match, and only those', () => {
    const js = (path: string) => lastSegmentFilter(JS)!.test(path);
    expect(['a.test.ts', 'src/a.spec.jsx', 'train.slow.test.py', 'x.slow.spec.'].map(js)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['a.ts', 'test.ts', 'a.test.json', 'slow.test', 'a.tests.ts', 'a.test.ts/x.ts'].map(js)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    const py = (path: string) => lastSegmentFilter(PY)!.test(path);
    expect(['test_a.py', 'pkg/a_test.py', 'test_.py'].map(py)).toEqual([true, true, true]);
    expect(['a.py', 'test_a.pyi', 'atest.py', 'test_a/b.py'].map(py)).toEqual([false, false, false, false]);
    expect(lastSegmentFilter(['test/exact.ts'])!.test('test/exact.ts')).toBe(true);
    expect(lastSegmentFilter(['test/exact.ts'])!.test('test/other.ts')).toBe(false);
    expect(lastSegmentFilter(['{src/a,b}/*.ts'])!.test('b/x.ts')).toBe(true);
  });

  it.each([
    ['a character class', '**/[ab].test.ts'],
    ['a question mark', '**/?.test.ts'],
    ['an extglob', '**/*.+(test|spec).ts'],
    ['a negation', '!**/*.ts'],
    ['** last', 'test/**'],
    ['a range', '**/m{1..3}.ts'],
    ['a nested brace', '**/*.{a,{b,c}}.ts'],
    ['a brace without a comma', '**/*.{a}.ts'],
    ['a slash in the last brace', 'x/{a,b/c}.ts'],
  ])('cannot tell for %s', (_, glob) => {
    expect(lastSegmentFilter(['**/*.test.ts', glob])).toBeNull();
  });

  it('never rules out a file picomatch matches', () => {
    const glob = fc
      .tuple(
        fc.constantFrom('', '**/', 'a/', 'a/**/', '{a,b}/', './', '*/', '{a,b/a}/', 'a{b,/}'),
        fc.stringMatching(/^[ab.*_{},$^|#~%= '"&;<>`-]{0,7}$/),
      )
      .map(([dir, last]) => dir + last);
    const path = fc
      .tuple(
        fc.constantFrom('', 'a/', 'b/a/', 'a.b/', '.a/'),
        fc.stringMatching(/^[ab._$^|#~%= '"&;<>`,{}-]{1,6}$/),
      )
      .map(([dir, name]) => dir + name);
    fc.assert(
      fc.property(glob, path, (g, p) => {
        const filter = lastSegmentFilter([g]);
        let re: RegExp;
        try {
          re = picomatch.makeRe(g, { dot: true });
        } catch {
          return; // not a glob picomatch takes
        }
        if (filter && re.test(p)) expect(filter.test(p)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('classifying with the filter', () => {
  it('gives what the globs alone give', () => {
    const { config } = validateConfig({}, { file: 'test', jsRunner: 'vitest' });
    const classify = createClassifier(config!.groups);
    expect(classify('src/a.ts')).toBeNull();
    expect(classify('test/a.test.ts')).toMatchObject({ group: 'vitest', tier: 'fast' });
    expect(classify('test/a.slow.test.ts')).toMatchObject({ group: 'vitest', tier: 'slow' });
    expect(classify('node_modules/x/a.test.ts')).toBeNull();
    expect(classify('tests/test_a.py')).toMatchObject({ group: 'pytest' });
  });
});
