import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CacheKeyInput, checkCacheKey, ignoredReads } from '../../src/run/checkCache.js';
import { makeRepo, type TempRepo, tempDir } from '../helpers/gitRepo.js';

const base: CacheKeyInput = {
  model: { name: 'sentiment', checks: 'checks/sentiment.check.mjs', artifact: null },
  tier: 'slow',
  versions: { mlhooks: '0.1.0', tfjs: '4.22.0' },
  inputs: [
    ['data/train.json', 'git:1f2e'],
    ['src/model.js', 'git:aa01'],
  ],
};

describe('checkCacheKey', () => {
  it('is the same for the same check, options, versions and file contents, whatever the order', () => {
    expect(checkCacheKey(base)).toBe(checkCacheKey({ ...base, inputs: [...base.inputs].reverse() }));
    expect(checkCacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any file content, a new or a removed file', () => {
    const key = checkCacheKey(base);
    expect(
      checkCacheKey({
        ...base,
        inputs: [
          ['data/train.json', 'sha256:9d'],
          ['src/model.js', 'git:aa01'],
        ],
      }),
    ).not.toBe(key);
    expect(checkCacheKey({ ...base, inputs: [...base.inputs, ['data/extra.csv', 'git:77']] })).not.toBe(key);
    expect(checkCacheKey({ ...base, inputs: [['src/model.js', 'git:aa01']] })).not.toBe(key);
  });

  it('changes with the tier, the check options and the versions', () => {
    const key = checkCacheKey(base);
    expect(checkCacheKey({ ...base, tier: 'fast' })).not.toBe(key);
    expect(
      checkCacheKey({
        ...base,
        model: { ...base.model, artifact: { path: 'models/m/model.json', labels: ['a', 'b'] } },
      }),
    ).not.toBe(key);
    expect(checkCacheKey({ ...base, model: { ...base.model, checks: 'checks/other.check.mjs' } })).not.toBe(
      key,
    );
    expect(checkCacheKey({ ...base, versions: { mlhooks: '0.1.0', tfjs: '4.23.0' } })).not.toBe(key);
    expect(checkCacheKey({ ...base, versions: { mlhooks: '0.2.0', tfjs: '4.22.0' } })).not.toBe(key);
  });
});

describe('ignored files the checks read', () => {
  const repos: TempRepo[] = [];
  afterEach(() => {
    while (repos.length) repos.pop()!.cleanup();
  });

  it('are found through links, by size and time; a link to a folder holding the project is not walked', () => {
    const store = tempDir('mlhooks-store-');
    writeFileSync(join(store, 'w.bin'), 'weights');
    const r = makeRepo({
      '.gitignore': 'models/pets\nnode_modules/\n',
      'src/a.py': '',
      'node_modules/x/w.bin': 'x',
    });
    repos.push(r);
    mkdirSync(join(r.root, 'models'));
    symlinkSync(store, join(r.root, 'models', 'pets'));
    symlinkSync(r.root, join(store, 'up'));
    symlinkSync('/', join(store, 'disk'));
    const found = ignoredReads(r.root, {
      globs: ['models/**', '**/*.bin'],
      named: new Set(),
      match: (path) => path.startsWith('models/') || path.endsWith('.bin'),
    });
    expect([...found.keys()]).toEqual(['models/pets/w.bin']);
    expect(found.get('models/pets/w.bin')).toMatch(/^stat:7:/);
    rmSync(store, { recursive: true, force: true });
  });
});
