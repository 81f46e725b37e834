import { describe, expect, it } from 'vitest';
import { isZeroId, parsePrePushInput } from '../../src/git/parsePrePushInput.js';

const sha1 = (c: string) => c.repeat(40);
const sha256 = (c: string) => c.repeat(64);

describe('parsePrePushInput', () => {
  it('reads several refs at once: update, new branch, delete, tag', () => {
    const input = [
      `refs/heads/main ${sha1('a')} refs/heads/main ${sha1('b')}`,
      `refs/heads/feature ${sha1('c')} refs/heads/feature ${sha1('0')}`,
      `(delete) ${sha1('0')} refs/heads/old ${sha1('d')}`,
      `refs/tags/v1 ${sha1('e')} refs/tags/v1 ${sha1('0')}`,
      '',
    ].join('\n');
    expect(parsePrePushInput(input).map((ref) => [ref.localRef, ref.kind])).toEqual([
      ['refs/heads/main', 'update'],
      ['refs/heads/feature', 'new'],
      ['(delete)', 'delete'],
      ['refs/tags/v1', 'new'],
    ]);
  });

  it('understands SHA-256 repositories and their all-zero id', () => {
    const [ref] = parsePrePushInput(`refs/heads/main ${sha256('f')} refs/heads/main ${sha256('0')}\n`);
    expect(ref?.kind).toBe('new');
    expect(ref?.localSha).toBe(sha256('f'));
  });

  it('returns no refs for an empty push', () => {
    expect(parsePrePushInput('')).toEqual([]);
    expect(parsePrePushInput('\n\n')).toEqual([]);
  });

  it('refuses a malformed line and names it', () => {
    expect(() => parsePrePushInput('refs/heads/main abc refs/heads/main def')).toThrow(
      /line 1 .*refs\/heads\/main abc/,
    );
    expect(() => parsePrePushInput(`refs/heads/main ${sha1('a')} refs/heads/main`)).toThrow(/line 1/);
  });

  it('tells zero ids of both lengths from others', () => {
    expect(isZeroId(sha1('0'))).toBe(true);
    expect(isZeroId(sha256('0'))).toBe(true);
    expect(isZeroId('0'.repeat(39))).toBe(false);
    expect(isZeroId(sha1('a'))).toBe(false);
  });
});
