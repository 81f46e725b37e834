import { describe, expect, it } from 'vitest';
import { changedOutputs, dvcLockOutputs } from '../../src/selectors/dvcLock.js';

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
  train:
    cmd: python train.py
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

describe('dvc.lock outputs', () => {
  it('lists each output with what identifies its content, quoted paths and any key order', () => {
    const outputs = dvcLockOutputs(lock());
    expect([...outputs.keys()]).toEqual(['data/clean dir', 'models/model.pkl', 'metrics.json']);
    expect(outputs.get('models/model.pkl')).toBe('hash: md5\nmd5: aaa\nsize: 4096');
  });

  it('reads the older layout (stages at the top level, schema 1)', () => {
    const old = 'train:\n  cmd: python train.py\n  outs:\n  - path: model.pkl\n    md5: abc\n';
    expect([...dvcLockOutputs(old)]).toEqual([['model.pkl', 'md5: abc']]);
  });

  it('changes: only the outputs whose entry changed, added or removed; not a changed dependency', () => {
    expect(changedOutputs(lock(), lock({ model: 'bbb' }))).toEqual(['models/model.pkl']);
    expect(changedOutputs(lock(), lock({ data: 'eee' }))).toEqual([]);
    expect(changedOutputs('', lock())).toEqual(['data/clean dir', 'metrics.json', 'models/model.pkl']);
    expect(changedOutputs(lock(), '')).toEqual(['data/clean dir', 'metrics.json', 'models/model.pkl']);
  });

  it('a file that is not a dvc.lock yields nothing rather than a guess', () => {
    expect(dvcLockOutputs('not: [yaml\n  - at all')).toEqual(new Map());
    expect(dvcLockOutputs('')).toEqual(new Map());
  });
});
