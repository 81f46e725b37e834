import { describe, expect, it } from 'vitest';
import {
  addHookLine,
  callsBareMlhooks,
  hookLine,
  isOurLine,
  removeHookLines,
  runsMlhooks,
  shQuote,
} from '../../src/hooks/hookScript.js';

describe('hook script lines', () => {
  it('calls mlhooks through PATH, with cd for a subfolder project and the folders above on PATH', () => {
    expect(hookLine('pre-commit', '')).toBe('mlhooks run pre-commit "$@"');
    expect(hookLine('pre-push', "web app/it's")).toBe(
      `(cd 'web app/it'\\''s' && PATH="../node_modules/.bin:../../node_modules/.bin:$PATH" mlhooks run pre-push "$@")`,
    );
  });

  it('quotes for sh so that nothing in a path is executed', () => {
    expect(shQuote('$(touch pwned)')).toBe(`'$(touch pwned)'`);
    expect(shQuote("a'b")).toBe(`'a'\\''b'`);
  });

  it('adds its line once and keeps what the user has', () => {
    const line = hookLine('pre-commit', '');
    const user = 'npx lint-staged\n';
    const once = addHookLine(user, line);
    expect(once).toBe(`npx lint-staged\n${line}\n`);
    expect(addHookLine(once, line)).toBe(once);
    expect(addHookLine('echo hi', line)).toBe(`echo hi\n${line}\n`);
    expect(addHookLine(null, line)).toBe(`${line}\n`);
  });

  it('replaces a line of its own in another form in place (an older mlhooks, another folder): never two', () => {
    const line = hookLine('pre-push', 'web');
    const older = `npx lint-staged\n(cd 'web' && mlhooks run pre-push "$@")\necho after\n`;
    expect(addHookLine(older, line)).toBe(`npx lint-staged\n${line}\necho after\n`);
    const twice = `mlhooks run pre-push "$@"\n(cd 'old' && mlhooks run pre-push "$@")\n`;
    expect(addHookLine(twice, line)).toBe(`${line}\n`);
  });

  it('removes exactly its lines and says when nothing is left', () => {
    const line = hookLine('pre-push', 'sub');
    const mixed = removeHookLines(`npx lint-staged\n${line}\n`);
    expect(mixed).toEqual({ content: 'npx lint-staged\n', removed: 1, empty: false });
    expect(removeHookLines(`${line}\n`).empty).toBe(true);
    expect(removeHookLines('# comment\nnpx mlhooks run pre-commit\n').removed).toBe(0);
  });

  it('recognises only the lines install writes', () => {
    expect(isOurLine('mlhooks run pre-merge-commit "$@"')).toBe(true);
    expect(isOurLine('(cd \'a b\' && mlhooks run pre-commit "$@")')).toBe(true);
    expect(isOurLine(hookLine('pre-commit', 'a/b c'))).toBe(true);
    expect(isOurLine('(cd \'a\' && PATH="/evil:$PATH" mlhooks run pre-commit "$@")')).toBe(false);
    expect(isOurLine('mlhooks run pre-commit && rm -rf /')).toBe(false);
    expect(isOurLine('echo mlhooks run pre-commit "$@"')).toBe(false);
  });
});

describe('what doctor reads in a hook file', () => {
  it('sees mlhooks run in any form, and tells when the bare command must be on PATH', () => {
    expect(runsMlhooks(`${hookLine('pre-push', 'web')}\n`, 'pre-push')).toBe(true);
    expect(runsMlhooks('npx mlhooks run pre-commit\n', 'pre-commit')).toBe(true);
    expect(runsMlhooks('node dist/bin.cjs run pre-commit "$@"\n', 'pre-commit')).toBe(true);
    expect(runsMlhooks('mlhooks run pre-commit\n', 'pre-push')).toBe(false);
    expect(runsMlhooks('# mlhooks run pre-push\n', 'pre-push')).toBe(false);
    expect(callsBareMlhooks(`${hookLine('pre-commit', '')}\n`)).toBe(true);
    expect(callsBareMlhooks('npx mlhooks run pre-commit\nnode dist/bin.cjs run pre-commit\n')).toBe(false);
  });
});
