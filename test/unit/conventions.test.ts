import { describe, expect, it } from 'vitest';
import { isConventionalTest, sourceKey, testKey } from '../../src/selectors/conventions.js';

describe('naming conventions', () => {
  it('derives the module of sources and tests', () => {
    expect(sourceKey('src/pkg/model.py')).toEqual({ stem: 'model', dir: 'pkg' });
    expect(sourceKey('src/pkg/__init__.py')).toEqual({ stem: 'pkg', dir: '' });
    expect(sourceKey('lib/tokenizer/index.ts')).toEqual({ stem: 'tokenizer', dir: '' });
    expect(testKey('tests/pkg/test_model.py')).toEqual({ stem: 'model', dir: 'pkg' });
    expect(testKey('pkg/model_test.py')).toEqual({ stem: 'model', dir: 'pkg' });
    expect(testKey('test/train.slow.test.ts')).toEqual({ stem: 'train', dir: '' });
    expect(testKey('src/__tests__/train.spec.tsx')).toEqual({ stem: 'train', dir: '' });
  });

  it.each([
    ['src/foo.ts', 'test/foo.test.ts'],
    ['src/foo.ts', 'src/foo.test.ts'],
    ['src/foo.ts', 'src/__tests__/foo.spec.ts'],
    ['src/models/foo.ts', 'test/models/foo.test.ts'],
    ['src/models/foo.mjs', 'test/foo.slow.test.js'],
    ['pkg/foo.py', 'tests/test_foo.py'],
    ['pkg/foo.py', 'pkg/tests/test_foo.py'],
    ['src/pkg/foo.py', 'tests/pkg/test_foo.py'],
    ['src/pkg/sub/foo.py', 'tests/unit/sub/foo_test.py'],
  ])('%s is tested by %s', (source, test) => {
    expect(isConventionalTest(source, test)).toBe(true);
  });

  it.each([
    ['src/foo.ts', 'test/bar.test.ts'],
    ['src/foo.ts', 'tests/test_foo.py'],
    ['pkg/foo.py', 'test/foo.test.ts'],
    ['pkg_a/foo.py', 'tests/pkg_b/test_foo.py'],
    ['README.md', 'tests/test_README.py'],
    ['src/foobar.ts', 'test/foo.test.ts'],
  ])('%s is not tested by %s', (source, test) => {
    expect(isConventionalTest(source, test)).toBe(false);
  });
});
