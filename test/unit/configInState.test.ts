import { describe, expect, it } from 'vitest';
import { compareConfigFiles } from '../../src/config/configInState.js';

const PUSHED = { commit: 'c0ffee', as: 'in the pushed commit c0ffee', fixBy: 'commit the fix' };
const at = (files: Record<string, string>) =>
  new Map(Object.entries(files).map(([name, text]) => [name, { id: `id-${name}`, text }]));
const work = (files: Record<string, string>) => new Map(Object.entries(files));

describe('compareConfigFiles', () => {
  it('changes nothing when the state holds the same files (line endings aside)', () => {
    const files = { 'mlhooks.config.json': '{\n"tests": []\n}\n', 'package.json': '{}' };
    expect(compareConfigFiles('/p', work(files), at(files), PUSHED)).toBeNull();
    const crlf = { ...files, 'mlhooks.config.json': '{\r\n"tests": []\r\n}\r\n' };
    expect(compareConfigFiles('/p', work(crlf), at(files), PUSHED)).toBeNull();
  });

  it("takes the state's config where it differs, and says so", () => {
    const found = compareConfigFiles(
      '/p',
      work({ 'mlhooks.config.json': '{"tests": []}' }),
      at({ 'mlhooks.config.json': '{}' }),
      PUSHED,
    );
    expect(found?.location).toEqual({
      root: '/p',
      configFile: '/p/mlhooks.config.json',
      ignored: [],
      hasPackageJson: false,
    });
    expect(found?.files.get('mlhooks.config.json')).toEqual({ id: 'id-mlhooks.config.json', text: '{}' });
    expect(found?.notice).toBe(
      "using mlhooks.config.json as in the pushed commit c0ffee; the work tree's differs",
    );
  });

  it('handles a config only one side has', () => {
    const onlyState = compareConfigFiles(
      '/p',
      work({}),
      at({ 'mlhooks.config.mjs': 'export default {}' }),
      PUSHED,
    );
    expect(onlyState?.location.configFile).toBe('/p/mlhooks.config.mjs');
    expect(onlyState?.notice).toBe(
      'using mlhooks.config.mjs as in the pushed commit c0ffee; the work tree has none',
    );

    const onlyWork = compareConfigFiles(
      '/p',
      work({ 'mlhooks.config.json': '{}', 'package.json': '{}' }),
      at({ 'package.json': '{}' }),
      PUSHED,
    );
    expect(onlyWork?.location).toEqual({ root: '/p', configFile: null, ignored: [], hasPackageJson: true });
    expect(onlyWork?.notice).toBe(
      "no mlhooks config in the pushed commit c0ffee: using the built-in defaults, not the work tree's mlhooks.config.json",
    );
    const untracked = compareConfigFiles(
      '/p',
      work({ 'mlhooks.config.mjs': 'export default {}', 'package.json': '{}' }),
      at({ 'package.json': '{}' }),
      { commit: null, as: 'staged', fixBy: 'stage the fix' },
    );
    expect(untracked?.notice).toBe(
      "no mlhooks config staged: using the built-in defaults, not the work tree's mlhooks.config.mjs (`git add mlhooks.config.mjs` to use it)",
    );

    const other = compareConfigFiles(
      '/p',
      work({ 'mlhooks.config.mjs': 'export default {}' }),
      at({ 'mlhooks.config.json': '{}', 'mlhooks.config.js': 'export default {}' }),
      PUSHED,
    );
    expect(other?.location.configFile).toBe('/p/mlhooks.config.js');
    expect(other?.location.ignored).toEqual(['/p/mlhooks.config.json']);
    expect(other?.notice).toBe(
      "using mlhooks.config.js as in the pushed commit c0ffee; not the work tree's mlhooks.config.mjs",
    );
  });

  it('reads package.json from the state, and tells only when its mlhooks field differs', () => {
    const deps = compareConfigFiles(
      '/p',
      work({ 'package.json': '{"mlhooks": {"tests": []}, "devDependencies": {}}' }),
      at({ 'package.json': '{"mlhooks": {"tests": []}, "devDependencies": {"vitest": "4"}}' }),
      PUSHED,
    );
    expect(deps?.files.get('package.json')?.text).toMatch(/vitest/);
    expect(deps?.notice).toBeNull();

    const field = compareConfigFiles(
      '/p',
      work({ 'package.json': '{"mlhooks": {"tests": []}}' }),
      at({ 'package.json': '{"mlhooks": {}}' }),
      PUSHED,
    );
    expect(field?.notice).toBe(
      "using package.json#mlhooks as in the pushed commit c0ffee; the work tree's differs",
    );
  });
});
