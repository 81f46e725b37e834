import { describe, expect, it } from 'vitest';
import { scanPython } from '../../../src/selectors/graph/scanPython.js';

const specs = (source: string) =>
  scanPython(source).specs.map((s) => (s.names ? `${s.spec}:${s.names.join(',')}` : s.spec));

describe('scanPython', () => {
  it('reads import and from-import statements, relative ones included', () => {
    const source = [
      'import os, a.b.c as abc',
      'from pkg.model import Model, load as ld',
      'from . import sibling',
      'from ..common.util import *',
      'from ... import top',
    ].join('\n');
    expect(specs(source)).toEqual([
      'os',
      'a.b.c',
      'pkg.model:Model,load',
      '.:sibling',
      '..common.util:*',
      '...:top',
    ]);
  });

  it('follows backslash continuations and parenthesised name lists over several lines', () => {
    const source = [
      'from pkg.features import (',
      '    tokenize,  # a comment',
      '    normalize as norm,',
      ')',
      'import a, \\',
      '    b.c',
    ].join('\n');
    expect(specs(source)).toEqual(['pkg.features:tokenize,normalize', 'a', 'b.c']);
  });

  it('ignores imports inside strings and comments, and finds them after `;` and block colons', () => {
    const source = [
      '"""A docstring that says',
      'import not_this',
      '"""',
      "s = 'from fake import x'  # import neither",
      'x = 1; import after_semicolon',
      'try: import optional',
      'except ImportError: optional = None',
      'def f():',
      '    from lazy import thing',
      '    return thing',
      'raise ValueError("x") from err',
      'yield_ = 1',
    ].join('\n');
    expect(specs(source)).toEqual(['after_semicolon', 'optional', 'lazy:thing']);
  });

  it('handles string prefixes and f-strings with nested quotes', () => {
    const facts = scanPython(
      [
        'p = rb"\\d+"',
        `q = f"{d["k"]} and {e['j']}"`,
        'import real',
        "path = f'data/{split}.csv'",
        "w = Path('models') / 'weights.bin'",
      ].join('\n'),
    );
    expect(facts.specs.map((s) => s.spec)).toEqual(['real']);
    expect(facts.globs).toEqual([{ kind: 'literal', pattern: 'data/*.csv' }]);
    expect(facts.literals).toEqual(expect.arrayContaining(['models', 'weights.bin']));
  });

  it('takes a glob literal for the files it matches, in the exact and the loose scan', () => {
    const lines = [
      'import glob',
      "train = glob.glob('data/train/*.csv')",
      "shards = sorted(Path('.').glob('weights/shard_[0-9].bin'))",
      "here = Path(__file__).parent.glob('*.yaml')",
      "star = '**'",
    ];
    const expected = [
      { kind: 'literal', pattern: 'data/train/*.csv' },
      { kind: 'literal', pattern: 'weights/shard_*.bin' },
      // A bare file pattern: from the file's own folder only.
      { kind: 'literal', pattern: './*.yaml' },
    ];
    expect(scanPython(lines.join('\n')).globs).toEqual(expected);
    // An unterminated string sends the file to the loose scan: the globs are still there.
    expect(scanPython([...lines, "broken = 'x"].join('\n'))).toMatchObject({ globs: expected });
  });

  it('reads importlib.import_module with a literal, and says when it is not one', () => {
    const facts = scanPython(
      [
        'import importlib',
        "m = importlib.import_module('pkg.plugins.csv')",
        'n = importlib.import_module(name)',
      ].join('\n'),
    );
    expect(facts.specs.map((s) => `${s.kind} ${s.spec}`)).toEqual([
      'import importlib',
      'dynamic import pkg.plugins.csv',
    ]);
    expect(facts.unsure).toEqual(['a non-literal import_module()']);
  });

  it('falls back to a loose scan when a string never ends, and still finds the imports', () => {
    const facts = scanPython(['import a', 'x = """never closed', 'from b import c'].join('\n'));
    expect(facts.loose).toMatch(/unterminated string on line 2/);
    expect(facts.specs.map((s) => s.spec)).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('falls back to a loose scan when a bracket never closes: the imports after it are not lost', () => {
    for (const broken of ['def f(:', 'x = foo(1,']) {
      const facts = scanPython([broken, 'import pkg.a', 'from pkg.b import B'].join('\n'));
      expect(facts.loose, broken).toMatch(/a bracket never closed/);
      expect(facts.specs.map((s) => s.spec)).toEqual(expect.arrayContaining(['pkg.a', 'pkg.b']));
    }
  });
});
