export interface Colors {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;

export const createColors = (enabled: boolean): Colors =>
  enabled
    ? {
        bold: wrap(1, 22),
        dim: wrap(2, 22),
        red: wrap(31, 39),
        green: wrap(32, 39),
        yellow: wrap(33, 39),
        cyan: wrap(36, 39),
      }
    : { bold: String, dim: String, red: String, green: String, yellow: String, cyan: String };

/** Colour when writing to a terminal, unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
export const wantsColor = (isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean => {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return !!isTTY && env.TERM !== 'dumb';
};

export const formatDuration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m ${String(seconds).padStart(2, '0')}s`;
};

export const plural = (count: number, word: string, many = `${word}s`): string =>
  `${count} ${count === 1 ? word : many}`;

export const stripAnsi = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

/** Cuts a line to a width, counting visible characters only. */
export const truncate = (text: string, width: number): string => {
  const visible = stripAnsi(text);
  if (visible.length <= width) return text;
  return `${visible.slice(0, Math.max(0, width - 1))}…`;
};

// pytest "== 3 passed in 0.1s ==", vitest "Tests  3 passed (3)", jest "Tests: 3 passed, 3 total",
// node:test "# pass 3" (TAP) or "ℹ pass 3" (spec).
const SUMMARY = /\b\d+ (?:passed|failed|skipped|deselected|errors?)\b|^[#ℹ] (?:pass|fail) \d+|Tests:?\s+\d+/;

/** The runner's own one-line summary of a run, if it printed one. */
export const runnerSummary = (output: string): string | null => {
  const lines = stripAnsi(output)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const found = lines.filter((line) => SUMMARY.test(line));
  if (found.length === 0) return null;
  const tap = found.filter((line) => /^[#ℹ] /.test(line));
  const line = tap.length > 0 ? tap.map((t) => t.slice(2)).join(', ') : found[found.length - 1]!;
  return line.replace(/^=+\s*|\s*=+$/g, '');
};
