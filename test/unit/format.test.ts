import { describe, expect, it } from 'vitest';
import { formatDuration, runnerSummary, stripAnsi, truncate, wantsColor } from '../../src/report/format.js';
import { OutputBuffer } from '../../src/run/outputBuffer.js';

describe('format', () => {
  it('prints durations in human units', () => {
    expect(formatDuration(42.4)).toBe('42ms');
    expect(formatDuration(1530)).toBe('1.5s');
    expect(formatDuration(125_000)).toBe('2m 05s');
  });

  it('respects NO_COLOR and FORCE_COLOR', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor(true, { TERM: 'dumb' })).toBe(false);
  });

  it('finds the runner summary line', () => {
    expect(runnerSummary('....\n===== 3 passed, 1 deselected in 0.12s =====\n')).toBe(
      '3 passed, 1 deselected in 0.12s',
    );
    expect(runnerSummary('\x1b[32m Tests  4 passed (4)\x1b[39m\n Duration 1s')).toBe('Tests  4 passed (4)');
    expect(runnerSummary('# tests 2\n# pass 2\n# fail 0\n')).toBe('pass 2, fail 0');
    expect(runnerSummary('ℹ tests 3\nℹ suites 0\nℹ pass 3\nℹ fail 0\n')).toBe('pass 3, fail 0');
    expect(runnerSummary('nothing here')).toBeNull();
  });

  it('truncates visible text', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(stripAnsi(truncate('\x1b[1mab\x1b[22m', 10))).toBe('ab');
  });
});

describe('OutputBuffer', () => {
  it('keeps the head and the tail of a flood, and says how much was cut', () => {
    const buffer = new OutputBuffer(10, 20);
    for (let i = 0; i < 1000; i++) buffer.push(Buffer.from(`${String(i).padStart(4, '0')}\n`));
    const text = buffer.text();
    expect(text.startsWith('0000\n0001\n')).toBe(true);
    expect(text.endsWith('0998\n0999\n')).toBe(true);
    expect(buffer.dropped).toBeGreaterThan(4900);
    expect(text).toMatch(/… 4\.\d KB of output cut …/);
    expect(text.length).toBeLessThan(100);
  });

  it('keeps everything below the cap', () => {
    const buffer = new OutputBuffer(4, 100);
    buffer.push(Buffer.from('hello '));
    buffer.push(Buffer.from('world'));
    expect(buffer.text()).toBe('hello world');
    expect(buffer.dropped).toBe(0);
  });
});
