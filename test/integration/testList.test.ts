import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crcChecksum, writeCacheFile } from '../../src/selectors/graph/cacheFile.js';
import { testListPath } from '../../src/selectors/testList.js';
import { runCli } from '../helpers/cli.js';
import { useTempRepos } from '../helpers/gitRepo.js';

// The list of test files is cached by what names the state checked (the index's checksum, or the
// commit): these check that a changed index or commit, a changed config or a corrupt file never
// serve an old list.
const newRepo = useTempRepos();

const FILES = {
  'package.json': '{"name":"t","private":true}\n',
  'src/foo.ts': 'export const foo = 1;\n',
  'src/bar.ts': 'export const bar = 1;\n',
  // Named like the modules, importing nothing: only the naming convention selects them.
  'test/foo.test.ts': '// foo\n',
};

const selected = async (root: string): Promise<string[]> => {
  const result = await runCli(['affected', '--json'], { cwd: root });
  expect(result.exitCode, result.all).toBe(0);
  return (JSON.parse(result.stdout) as { selected: { path: string }[] }).selected.map((s) => s.path);
};

const stage = (r: ReturnType<typeof newRepo>, files: Record<string, string>) => {
  r.write(files);
  r.git(['add', '-A']);
};

describe('the cached list of test files', () => {
  it('is made on the first run, and a test added to the index since is seen', async () => {
    const r = newRepo(FILES);
    stage(r, { 'src/foo.ts': 'export const foo = 2;\n' });
    expect(await selected(r.root)).toEqual(['test/foo.test.ts']);
    const cache = testListPath(join(r.root, '.git'));
    expect(readFileSync(cache, 'utf8')).toContain('test/foo.test.ts');

    r.commit('foo', {});
    r.commit('a test for bar', { 'test/bar.test.ts': '// bar\n' });
    stage(r, { 'src/bar.ts': 'export const bar = 2;\n' });
    expect(await selected(r.root)).toEqual(['test/bar.test.ts']);
    expect(readFileSync(cache, 'utf8')).toContain('test/bar.test.ts');
  });

  it('answers from the file while the index is the same (an entry only the cache has is used)', async () => {
    const r = newRepo(FILES);
    stage(r, { 'src/foo.ts': 'export const foo = 2;\n' });
    await selected(r.root);
    const cache = testListPath(join(r.root, '.git'));
    const body = readFileSync(cache, 'utf8').split('\n').slice(1).join('\n');
    const [key, list] = [body.slice(0, body.indexOf('\n')), JSON.parse(body.slice(body.indexOf('\n') + 1))];
    // Not in the index, named like src/foo.ts, in the group and tier of the real one.
    list.push(['tests/foo.test.ts', ...list[0].slice(1)]);
    writeCacheFile(cache, 'mlhooks-tests/v1', `${key}\n${JSON.stringify(list)}`, crcChecksum);
    expect(await selected(r.root)).toEqual(['test/foo.test.ts', 'tests/foo.test.ts']);
  });

  it("checking a commit (--base) lists the commit's files, not the index's, and a new commit lists again", async () => {
    const r = newRepo(FILES);
    r.git(['checkout', '-q', '-b', 'work']);
    r.commit('foo', { 'src/foo.ts': 'export const foo = 2;\n' });
    // Staged only: the commit checked has no such test.
    stage(r, { 'tests/foo.test.ts': '// foo\n' });
    const range = async () => {
      const result = await runCli(['affected', '--json', '--base', 'main'], { cwd: r.root });
      expect(result.exitCode, result.all).toBe(0);
      return (JSON.parse(result.stdout) as { selected: { path: string }[] }).selected.map((s) => s.path);
    };
    expect(await range()).toEqual(['test/foo.test.ts']);
    r.commit('a second test for foo', {});
    expect(await range()).toEqual(['test/foo.test.ts', 'tests/foo.test.ts']);
  });

  it('a changed config (which files are tests) lists again', async () => {
    const r = newRepo({ ...FILES, 'spec/foo.spec.ts': '// foo\n' });
    r.git(['checkout', '-q', '-b', 'work']);
    r.commit('foo', { 'src/foo.ts': 'export const foo = 2;\n' });
    // Not committed: the commit checked (--base alone reads the work tree's config) stays the same
    // while the config changes.
    const config = (include: string) =>
      writeFileSync(
        join(r.root, 'mlhooks.config.json'),
        JSON.stringify({ tests: [{ name: 'unit', runner: 'vitest', include: [include] }] }),
      );
    const range = async () => {
      const result = await runCli(['affected', '--json', '--base', 'main'], { cwd: r.root });
      expect(result.exitCode, result.all).toBe(0);
      return (JSON.parse(result.stdout) as { selected: { path: string }[] }).selected.map((s) => s.path);
    };
    config('test/**/*.test.ts');
    expect(await range()).toEqual(['test/foo.test.ts']);
    config('spec/**/*.spec.ts');
    expect(await range()).toEqual(['spec/foo.spec.ts']);
  });

  it('in a project in a subfolder, lists only its files, relative to it', async () => {
    const r = newRepo({
      'other/test/foo.test.ts': '// foo, of another project\n',
      ...Object.fromEntries(Object.entries(FILES).map(([path, text]) => [`app/${path}`, text])),
    });
    stage(r, { 'app/src/foo.ts': 'export const foo = 2;\n' });
    expect(await selected(join(r.root, 'app'))).toEqual(['test/foo.test.ts']);
    expect(readFileSync(testListPath(join(r.root, '.git')), 'utf8')).not.toContain('other/');
  });

  it('a corrupt or foreign file is not used, and is made again', async () => {
    const r = newRepo(FILES);
    stage(r, { 'src/foo.ts': 'export const foo = 2;\n' });
    const cache = testListPath(join(r.root, '.git'));
    await selected(r.root);
    for (const bad of ['garbage', 'mlhooks-tests/v1 0000 3\n[[]]', 'mlhooks-tests/v0 1 1\nx']) {
      writeFileSync(cache, bad);
      expect(await selected(r.root)).toEqual(['test/foo.test.ts']);
      expect(existsSync(cache)).toBe(true);
      expect(readFileSync(cache, 'utf8')).toContain('test/foo.test.ts');
    }
  });
});
