import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { requiredTextFilter } from '../../src/selectors/requiredTextFilter.js';

describe('requiredTextFilter', () => {
  it('rules out paths without the text a glob needs', () => {
    const exclude = requiredTextFilter(['**/node_modules/**', '**/dist/**', './build/**'])!;
    expect(['node_modules/a/x.test.ts', 'src/dist/x.ts', 'build/a.ts'].map((p) => exclude.test(p))).toEqual([
      true,
      true,
      true,
    ]);
    expect(exclude.test('src/a.test.ts')).toBe(false);
    const slow = requiredTextFilter(['**/*.slow.{test,spec}.*'])!;
    expect(slow.test('test/a.slow.test.ts')).toBe(true);
    expect(slow.test('test/a.test.ts')).toBe(false);
    expect(requiredTextFilter([])!.test('anything')).toBe(false);
  });

  it.each([['**/*'], ['**/?.ts'], ['{a,b}/**'], ['a/../b/*.ts']])('cannot tell for %s', (glob) => {
    expect(requiredTextFilter(['**/dist/**', glob])).toBeNull();
  });

  it('never rules out a path picomatch matches', () => {
    const segment = fc.oneof(
      fc.stringMatching(/^[ab.*_{},$^|#~%= '"&;<>`-]{0,6}$/),
      fc.constantFrom('**', '.', '..', '*', '{a,b/a}'),
    );
    const glob = fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .chain((segments) => fc.constantFrom('', './', '**/').map((lead) => lead + segments.join('/')));
    const path = fc
      .array(fc.stringMatching(/^[ab._$^|#~%= '"&;<>`,{}-]{1,5}$/), { minLength: 1, maxLength: 4 })
      .map((segments) => segments.join('/'));
    fc.assert(
      fc.property(glob, path, (g, p) => {
        const filter = requiredTextFilter([g]);
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
