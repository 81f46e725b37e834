import { afterEach, describe, expect, it } from 'vitest';
import { preCommitChangeSet } from '../../src/hooks/preCommit.js';
import { dvcChanges, dvcLockOutputs, dvcYamlWorkDirs } from '../../src/selectors/dvc.js';
import { mayMatchIn } from '../../src/selectors/globs.js';
import { makeRepo, type TempRepo } from '../helpers/gitRepo.js';

// dvc.lock as DVC 3 writes it (schema 2.0): outputs listed at their key's indent.
const lock = ({ model = 'aaa', metrics = 'mmm', data = 'ddd' } = {}) => `schema: '2.0'
stages:
  prepare:
    cmd: python prepare.py
    deps:
    - path: data/raw.csv
      hash: md5
      md5: ${data}
      size: 10
    outs:
    - path: 'data/clean dir'
      hash: md5
      md5: 0cc175b9c0f1b6a831c399e269772661.dir
      size: 20
      nfiles: 3
  train@1:
    cmd: python train.py 1
    deps:
    - path: data/clean dir
      md5: 0cc175b9c0f1b6a831c399e269772661.dir
    outs:
    - hash: md5
      path: models/model.pkl
      md5: ${model}
      size: 4096
    - path: metrics.json
      md5: ${metrics}
`;

describe('reading dvc.lock', () => {
  it('lists each output with its stage and what identifies its content, quoted paths and any key order', () => {
    const outputs = dvcLockOutputs(lock());
    expect([...outputs.keys()]).toEqual(['data/clean dir', 'models/model.pkl', 'metrics.json']);
    expect(outputs.get('models/model.pkl')).toEqual({ stage: 'train@1', id: 'md5: aaa\nsize: 4096' });
    expect(outputs.get('data/clean dir')?.stage).toBe('prepare');
  });

  it('reads indented lists and the older layout (stages at the top level)', () => {
    const indented =
      'stages:\n  train:\n    outs:\n      - path: model.pkl\n        md5: abc\n    metrics:\n      - m.json\n';
    expect([...dvcLockOutputs(indented)]).toEqual([['model.pkl', { stage: 'train', id: 'md5: abc' }]]);
    const old = 'train:\n  cmd: python train.py\n  outs:\n  - path: model.pkl\n    md5: abc\n';
    expect([...dvcLockOutputs(old)]).toEqual([['model.pkl', { stage: 'train', id: 'md5: abc' }]]);
  });

  it('`hash: md5` (DVC 3 adds it) does not change what identifies an output', () => {
    expect(dvcLockOutputs(lock()).get('metrics.json')).toEqual(
      dvcLockOutputs(lock().replace('- path: metrics.json\n', '- path: metrics.json\n      hash: md5\n')).get(
        'metrics.json',
      ),
    );
  });

  it('a file that is not a dvc.lock yields nothing rather than a guess', () => {
    expect(dvcLockOutputs('not: [yaml\n  - at all')).toEqual(new Map());
    expect(dvcLockOutputs('')).toEqual(new Map());
  });

  it("reads each stage's wdir from dvc.yaml, foreach stages included, not an interpolated one", () => {
    const yaml =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: DVC's own interpolation, not a template
      'stages:\n  train:\n    wdir: src\n    cmd: python train.py\n  sweep:\n    foreach: [1, 2]\n    do:\n      wdir: ../exp\n      cmd: x\n  each:\n    foreach: ${dirs}\n    do:\n      wdir: ${item}\n';
    expect([...dvcYamlWorkDirs(yaml)]).toEqual([
      ['train', 'src'],
      ['sweep', '../exp'],
    ]);
  });
});

describe('a changed dvc.lock, in a real repo', () => {
  const repos: TempRepo[] = [];
  afterEach(() => {
    while (repos.length) repos.pop()!.cleanup();
  });
  const staged = (files: Record<string, string>, change: (r: TempRepo) => void) => {
    const r = makeRepo(files);
    repos.push(r);
    change(r);
    r.git(['add', '-A']);
    const changeSet = preCommitChangeSet(r.root);
    const notes: string[] = [];
    return { changes: dvcChanges(r.root, changeSet, notes), notes };
  };

  it('changes the outputs whose entry changed, from the git root; a changed dependency alone changes none', () => {
    const files = { 'ml/dvc.lock': lock(), 'ml/dvc.yaml': 'stages:\n  prepare:\n    cmd: x\n' };
    expect(staged(files, (r) => r.write({ 'ml/dvc.lock': lock({ model: 'bbb' }) })).changes).toEqual([
      { path: 'ml/models/model.pkl', status: 'M', via: 'ml/dvc.lock' },
    ]);
    expect(staged(files, (r) => r.write({ 'ml/dvc.lock': lock({ data: 'eee' }) })).changes).toEqual([]);
  });

  it('places outputs by the stage wdir of dvc.yaml (`../models/model.pkl` from src/)', () => {
    const wdir = (md5: string) =>
      `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: ../models/model.pkl\n      md5: ${md5}\n`;
    const { changes } = staged(
      { 'dvc.lock': wdir('a'), 'dvc.yaml': 'stages:\n  train:\n    wdir: src\n    cmd: python train.py\n' },
      (r) => r.write({ 'dvc.lock': wdir('b') }),
    );
    expect(changes).toEqual([{ path: 'models/model.pkl', status: 'M', via: 'dvc.lock' }]);
  });

  it('a deleted dvc.lock: its outputs are gone (D); a moved one: only what it now places elsewhere', () => {
    expect(staged({ 'dvc.lock': lock() }, (r) => r.git(['rm', '-q', 'dvc.lock'])).changes).toEqual([
      { path: 'data/clean dir', status: 'D', via: 'dvc.lock', folder: true },
      { path: 'metrics.json', status: 'D', via: 'dvc.lock' },
      { path: 'models/model.pkl', status: 'D', via: 'dvc.lock' },
    ]);
    const moved = staged({ 'dvc.lock': lock(), 'b/params.yaml': 'lr: 1\n' }, (r) =>
      r.git(['mv', 'dvc.lock', 'b/dvc.lock']),
    );
    expect(moved.changes.map((c) => `${c.status} ${c.path}`)).toEqual([
      'M b/data/clean dir',
      'M b/metrics.json',
      'M b/models/model.pkl',
      'D data/clean dir',
      'D metrics.json',
      'D models/model.pkl',
    ]);
  });

  it('says so when a changed dvc.lock lists no output it can read', () => {
    const { changes, notes } = staged({ 'dvc.lock': 'outs: {}\n' }, (r) =>
      r.write({ 'dvc.lock': 'outs: []\n' }),
    );
    expect(changes).toEqual([]);
    expect(notes).toEqual(['dvc.lock: changed, but no DVC output could be read in it; none was considered']);
  });
});

describe('globs that may match a file in a folder git does not have', () => {
  it('a file in it, a pattern into it, `**` above it; not a pattern that stays above or goes elsewhere', () => {
    const may = (glob: string) => mayMatchIn([glob], 'data/images');
    expect(
      [
        'data/images/cat.png',
        'data/images/*.png',
        'data/*/*.png',
        'data/**',
        '**/*.png',
        './data/images/x',
      ].map(may),
    ).toEqual([true, true, true, true, true, true]);
    expect(['data/*.csv', 'data/images', 'data/labels/*.png', 'models/**', 'data/imag'].map(may)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('a changed .dvc pointer, in a real repo', () => {
  const repos: TempRepo[] = [];
  afterEach(() => {
    while (repos.length) repos.pop()!.cleanup();
  });
  const pointer = (md5: string, { hash = false } = {}) =>
    `outs:\n- md5: ${md5}\n  size: 2048\n${hash ? '  hash: md5\n' : ''}  nfiles: 3\n  path: images\n`;
  const changed = (change: (r: TempRepo) => void) => {
    const r = makeRepo({ 'data/images.dvc': pointer('a.dir'), 'data/.gitignore': '/images\n' });
    repos.push(r);
    change(r);
    r.git(['add', '-A']);
    return dvcChanges(r.root, preCommitChangeSet(r.root)).map(
      (c) => `${c.status} ${c.path} ${c.via}${c.folder ? ' folder' : ''}`,
    );
  };

  it('changes the data it tracks (a folder here); `hash: md5` alone changes nothing', () => {
    expect(changed((r) => r.write({ 'data/images.dvc': pointer('b.dir') }))).toEqual([
      'M data/images data/images.dvc folder',
    ]);
    expect(changed((r) => r.write({ 'data/images.dvc': pointer('a.dir', { hash: true }) }))).toEqual([]);
  });

  it('deleted: the data it tracked is gone; renamed: the same data', () => {
    expect(changed((r) => r.git(['rm', '-q', 'data/images.dvc']))).toEqual([
      'D data/images data/images.dvc folder',
    ]);
    // A pointer's name is not what it tracks: renamed, it tracks the same data at the same hash.
    expect(changed((r) => r.git(['mv', 'data/images.dvc', 'data/pics.dvc']))).toEqual([]);
  });
});
