import { describe, expect, it } from 'vitest';
import type { BlobEntry } from '../../../src/git/parseLsFilesStageZ.js';
import {
  encodeJob,
  factsPlace,
  keyAtPlace,
  kindsOf,
  mergeRepeats,
  type ParseJob,
} from '../../../src/selectors/graph/parseJob.js';
import { planColdScan, planScan } from '../../../src/selectors/graph/planScan.js';

const id = (n: number) => n.toString(16).padStart(40, '0');
const entry = (path: string, n: number): BlobEntry => ({ path, id: id(n), mode: '100644' });

/** What a job asks for, blob by blob, as the worker reads it: id -> [languages, config]. */
const asked = (job: ParseJob) => {
  const { ids, kinds } = mergeRepeats(job);
  const list = ids.split('\n').slice(0, -1);
  return new Map(list.map((blob, k) => [blob, kindsOf(kinds.charCodeAt(k))]));
};

describe('the plan and job of a cold scan (planColdScan)', () => {
  const cases: [string, BlobEntry[], boolean][] = [
    [
      'every blob once',
      [
        entry('package.json', 1),
        entry('tsconfig.json', 2),
        entry('src/a.ts', 3),
        entry('src/b.tsx', 4),
        entry('pkg/train.py', 5),
        entry('setup.cfg', 6),
        entry('data/train.csv', 7),
        entry('conf/train.yaml', 8),
      ],
      true,
    ],
    ['one blob at two code paths', [entry('src/a.ts', 1), entry('lib/a.ts', 1), entry('b.ts', 2)], false],
    [
      'one (empty) blob in two languages',
      [entry('pkg/__init__.py', 1), entry('src/empty.ts', 1), entry('src/a.ts', 2)],
      false,
    ],
    [
      'one config blob at two paths, read by no scanner',
      [entry('setup.cfg', 1), entry('sub/setup.cfg', 1)],
      false,
    ],
    [
      'one blob as a config and as plain JSON',
      [entry('data/empty.json', 1), entry('package.json', 1), entry('src/a.ts', 2)],
      false,
    ],
  ];

  it.each(cases)('%s: the plan of planScan, and a job for exactly what it wants', (_, entries, unique) => {
    const { plan, job } = planColdScan(entries, '/git');
    const expected = planScan(entries, new Map());
    const { codeAtPlace, ...rest } = plan;
    expect(rest).toEqual(expected);
    expect(plan.code.map((file) => file.key)).toEqual(expected.code.map((file) => file.key));
    // Where each place of the job goes: the code file of that blob (configs no scanner reads: none).
    if (unique) {
      const places = job.ids.split('\n').slice(0, -1);
      expect([...codeAtPlace!].map((at) => (at < 0 ? null : plan.code[at]!.id))).toEqual(
        places.map((id) => (plan.code.some((file) => file.id === id) ? id : null)),
      );
    } else expect(codeAtPlace).toBeUndefined();
    expect(job.saveTo).toBe('/git');
    // Named once each, the worker has nothing to merge; else it merges before it scans.
    expect(job.unique).toBe(unique);
    expect(job.ids.split('\n').length - 1).toBe(job.kinds.length);
    const configIds = expected.configs.map((config) => config.id);
    expect(asked(job)).toEqual(asked(encodeJob(configIds, expected.wanted, '/git')));
    // Configs first: resolution needs their text before anything else.
    const first = job.ids.split('\n').slice(0, new Set(configIds).size);
    expect(new Set(first)).toEqual(new Set(configIds));
  });
});

describe('the key of facts the worker sends by place (keyAtPlace)', () => {
  it('is the blob id at that place in the job, with the language', () => {
    const keyAt = keyAtPlace({ ids: `${id(1)}\n${id(2)}\n${id(3)}\n`, kinds: '111', saveTo: null });
    expect(keyAt(factsPlace(0, 'js'))).toBe(`${id(1)}:js`);
    expect(keyAt(factsPlace(2, 'ipynb'))).toBe(`${id(3)}:ipynb`);
    expect(keyAt(factsPlace(1, 'py'))).toBe(`${id(2)}:py`);
  });

  it('is right when the ids are not all of one length', () => {
    // Not what git lists (a repository has one hash length), but never a wrong key for it.
    // The others' lengths add up to a multiple of the first's, one with as many ids as the width
    // says: only the ends of the lines can tell.
    for (const ids of [
      ['a1', 'b22', 'c333', 'd4444', 'e5', 'f66'],
      ['ab', 'c', 'def', 'gh'],
      ['abc', 'd', 'e', 'fgh'],
    ]) {
      const keyAt = keyAtPlace({ ids: `${ids.join('\n')}\n`, kinds: '1'.repeat(ids.length), saveTo: null });
      expect(ids.map((_, place) => keyAt(factsPlace(place, 'json')))).toEqual(
        ids.map((blob) => `${blob}:json`),
      );
    }
  });
});
