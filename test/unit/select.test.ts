import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validateConfig.js';
import { select, toProjectChanges } from '../../src/selectors/select.js';
import type { ChangeSet, FileChange } from '../../src/types.js';

const FILES = [
  'README.md',
  'pyproject.toml',
  'src/pkg/__init__.py',
  'src/pkg/model.py',
  'src/pkg/labels.py',
  'tests/test_model.py',
  'tests/pkg/test_labels.py',
  'tests/conftest.py',
  'web/src/tokenize.ts',
  'web/src/tokenize.test.ts',
  'web/test/train.slow.test.ts',
  'web/src/train.ts',
  'data/sentiment/train.csv',
  'notebooks/test_scratch.py',
];

const configOf = (raw: object = {}) => validateConfig(raw, { file: 'cfg', jsRunner: 'vitest' }).config!;
const changeSet = (files: FileChange[]): ChangeSet => ({
  stage: 'pre-commit',
  base: 'HEAD',
  head: null,
  files,
  notes: [],
});
const run = (files: FileChange[], raw: object = {}, prefix = '', tracked = FILES) =>
  select({ changeSet: changeSet(files), config: configOf(raw), prefix, trackedFiles: () => tracked });

describe('select', () => {
  it('selects nothing for a README change, without listing files', async () => {
    let listed = 0;
    const selection = await select({
      changeSet: changeSet([{ path: 'README.md', status: 'M' }]),
      config: configOf(),
      prefix: '',
      trackedFiles: () => {
        listed++;
        return FILES;
      },
    });
    expect(selection.tests).toEqual([]);
    expect(listed).toBe(0);
  });

  it('a changed test file selects itself with its tier', async () => {
    const { tests } = await run([
      { path: 'tests/test_model.py', status: 'M' },
      { path: 'web/test/train.slow.test.ts', status: 'A' },
      { path: 'tests/pkg/test_labels.py', status: 'D' },
    ]);
    expect(tests).toEqual([
      { path: 'tests/test_model.py', group: 'pytest', tier: 'mixed', reasons: ['changed'] },
      { path: 'web/test/train.slow.test.ts', group: 'vitest', tier: 'slow', reasons: ['added'] },
    ]);
  });

  it('naming conventions map sources to tests, both languages', async () => {
    const { tests } = await run([
      { path: 'src/pkg/labels.py', status: 'M' },
      { path: 'web/src/tokenize.ts', status: 'M' },
      { path: 'web/src/train.ts', status: 'M' },
    ]);
    expect(tests.map((t) => [t.path, t.tier, t.reasons])).toEqual([
      ['tests/pkg/test_labels.py', 'mixed', ['src/pkg/labels.py changed: naming convention']],
      ['web/src/tokenize.test.ts', 'fast', ['web/src/tokenize.ts changed: naming convention']],
      ['web/test/train.slow.test.ts', 'slow', ['web/src/train.ts changed: naming convention']],
    ]);
  });

  it('a renamed or deleted source still selects the tests of its old name', async () => {
    const { tests } = await run([
      { path: 'src/pkg/classes.py', status: 'R', oldPath: 'src/pkg/labels.py' },
      { path: 'src/pkg/model.py', status: 'D' },
    ]);
    expect(tests.map((t) => [t.path, t.reasons])).toEqual([
      ['tests/pkg/test_labels.py', ['src/pkg/labels.py renamed to src/pkg/classes.py: naming convention']],
      ['tests/test_model.py', ['src/pkg/model.py deleted: naming convention']],
    ]);
  });

  it('model inputs (data, weights, configs) select the model tests', async () => {
    const { tests, notes } = await run([{ path: 'data/sentiment/train.csv', status: 'M' }], {
      models: {
        sentiment: { inputs: ['data/sentiment/**', 'src/pkg/model.py'], tests: ['tests/test_model.py'] },
        orphan: { inputs: ['data/**'] },
      },
    });
    expect(tests.map((t) => [t.path, t.reasons])).toEqual([
      [
        'tests/test_model.py',
        ['data/sentiment/train.csv changed: input of model "sentiment" (data/sentiment/**)'],
      ],
    ]);
    expect(notes).toEqual(['model "orphan": inputs changed but no test file matches its tests globs']);
  });

  it('data DVC manages (derived from its pointer or dvc.lock) is a model input; a folder of it too', async () => {
    const { tests } = await select({
      changeSet: changeSet([
        { path: 'models/sentiment/weights.bin.dvc', status: 'M' },
        { path: 'data/reviews.dvc', status: 'M' },
        { path: 'dvc.lock', status: 'M' },
      ]),
      derived: [
        { path: 'models/sentiment/weights.bin', status: 'M', via: 'models/sentiment/weights.bin.dvc' },
        { path: 'data/reviews', status: 'M', via: 'data/reviews.dvc', folder: true },
        { path: 'models/model.pkl', status: 'M', via: 'dvc.lock' },
      ],
      config: configOf({
        models: {
          sentiment: { inputs: ['models/sentiment/weights.bin'], tests: ['tests/test_model.py'] },
          reviews: { inputs: ['data/reviews/*.csv'], tests: ['tests/pkg/test_labels.py'] },
          // models/model.pkl is a file, not a folder: nothing is in it.
          other: { inputs: ['models/*.onnx', 'models/model.pkl/*'], tests: ['notebooks/test_scratch.py'] },
        },
      }),
      prefix: '',
      trackedFiles: () => FILES,
    });
    expect(tests.map((t) => [t.path, t.reasons])).toEqual([
      [
        'tests/pkg/test_labels.py',
        ['data/reviews (in data/reviews.dvc) changed: input of model "reviews" (data/reviews/*.csv)'],
      ],
      [
        'tests/test_model.py',
        [
          'models/sentiment/weights.bin (in models/sentiment/weights.bin.dvc) changed: input of model "sentiment" (models/sentiment/weights.bin)',
        ],
      ],
    ]);
  });

  it('a lockfile, a tool config or a configured file selects every test', async () => {
    for (const path of ['pyproject.toml', 'pytest.ini', 'requirements-dev.txt']) {
      const selection = await run([{ path, status: 'M' }], { always: ['requirements*.txt'] });
      expect(selection.everything).toBe(true);
      expect(selection.tests.map((t) => t.path)).toEqual([
        'notebooks/test_scratch.py',
        'tests/pkg/test_labels.py',
        'tests/test_model.py',
        'web/src/tokenize.test.ts',
        'web/test/train.slow.test.ts',
      ]);
      expect(selection.tests[0]?.reasons).toEqual([`${path} changed: it can affect every test`]);
    }
  });

  it('turns conventions off when configured', async () => {
    const { tests } = await run([{ path: 'src/pkg/labels.py', status: 'M' }], { conventions: false });
    expect(tests).toEqual([]);
  });

  it('in a subfolder project, ignores changes outside it and strips the prefix', async () => {
    const tracked = ['src/tokenize.ts', 'src/tokenize.test.ts'];
    const selection = await run(
      [
        { path: 'web/src/tokenize.ts', status: 'M' },
        { path: 'src/pkg/model.py', status: 'M' },
      ],
      {},
      'web/',
      tracked,
    );
    expect(selection.tests.map((t) => t.path)).toEqual(['src/tokenize.test.ts']);
    expect(selection.notes).toEqual(['1 changed file outside this project (web/) not considered']);
  });
});

describe('toProjectChanges', () => {
  it('turns renames across the project boundary into adds and deletes', () => {
    expect(
      toProjectChanges(
        [
          { path: 'web/a.ts', status: 'R', oldPath: 'lib/a.ts' },
          { path: 'lib/b.ts', status: 'R', oldPath: 'web/b.ts' },
          { path: 'web/c.ts', status: 'R', oldPath: 'web/old/c.ts' },
        ],
        'web/',
      ),
    ).toEqual({
      changes: [
        { path: 'a.ts', status: 'A' },
        { path: 'b.ts', status: 'D' },
        { path: 'c.ts', status: 'R', oldPath: 'old/c.ts' },
      ],
      outside: 0,
    });
  });
});
