// Field-by-field checks that collect every problem (not only the first) as
// `<file>: <field>: expected <what>, found <value>`.

const describe = (value: unknown): string => {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'object') return 'an object';
  if (value === undefined) return 'nothing';
  return `${typeof value} ${String(value)}`;
};

const distance = (a: string, b: string): number => {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
};

export const suggest = (found: string, options: readonly string[]): string => {
  const best = options.map((option) => ({ option, d: distance(found, option) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= Math.max(2, Math.floor(found.length / 3))
    ? ` (did you mean "${best.option}"?)`
    : '';
};

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const outside = (path: string) => path.startsWith('/') || path.split('/').includes('..');

export type Checker = ReturnType<typeof createChecker>;

export const createChecker = (file: string) => {
  const errors: string[] = [];
  const warnings: string[] = [];
  const error = (field: string, message: string) => errors.push(`${file}: ${field}: ${message}`);
  const fail = (field: string, expected: string, found: unknown, extra = '') =>
    error(field, `expected ${expected}, found ${describe(found)}${extra}`);

  return {
    errors,
    warnings,
    error,
    fail,
    warn: (field: string, message: string) => warnings.push(`${file}: ${field}: ${message}`),

    /** Unknown fields are errors: a typo must not be silently ignored. */
    keys(value: Record<string, unknown>, allowed: readonly string[], at: string) {
      for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
          error(`${at}${key}`, `unknown field${suggest(key, allowed)}; known fields: ${allowed.join(', ')}`);
        }
      }
    },

    /** Globs or paths relative to the project root; null when absent or wrong. */
    paths(value: unknown, field: string, { nonEmpty = false } = {}): string[] | null {
      if (value === undefined) return null;
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
        fail(field, 'an array of non-empty strings', value);
        return null;
      }
      if (nonEmpty && value.length === 0) {
        fail(field, 'at least one glob', value);
        return null;
      }
      for (const glob of value as string[]) {
        if (outside(glob))
          error(field, `"${glob}" points outside the project; paths are relative to the project root`);
      }
      return value as string[];
    },

    /** Strings (arguments, names): no path rules. */
    strings(value: unknown, field: string): string[] | null {
      if (value === undefined) return null;
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        fail(field, 'an array of strings', value);
        return null;
      }
      return value as string[];
    },

    /** One path inside the project. */
    path(value: unknown, field: string): string | null {
      if (value === undefined) return null;
      if (typeof value !== 'string' || value === '') {
        fail(field, 'a path relative to the project root', value);
        return null;
      }
      if (outside(value)) {
        error(field, `"${value}" points outside the project; paths are relative to the project root`);
        return null;
      }
      return value;
    },

    /** A command: an argv array, or a string split on whitespace (no shell). */
    argv(value: unknown, field: string): string[] | null {
      if (value === undefined) return null;
      if (typeof value === 'string') {
        const parts = value.trim().split(/\s+/).filter(Boolean);
        if (parts.length === 0) fail(field, 'a command', value);
        if (/["'`$|;&<>\\]/.test(value)) {
          warnings.push(
            `${file}: ${field}: "${value}" is split on spaces and run without a shell: quotes, $ and pipes are passed as they are. Use an array to be exact.`,
          );
        }
        return parts;
      }
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.some((item) => typeof item !== 'string' || item === '')
      ) {
        fail(field, 'a command as an array of strings, e.g. ["python", "-m", "pytest"]', value);
        return null;
      }
      return value as string[];
    },

    seconds(value: unknown, field: string): number | null {
      if (value === undefined) return null;
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        fail(field, 'a number of seconds greater than 0', value);
        return null;
      }
      return value;
    },

    /** `number` (both tiers) or `{ fast, slow }`, in seconds, over defaults; returns milliseconds. */
    timeout(
      value: unknown,
      field: string,
      defaults: { fast: number; slow: number },
    ): { fast: number; slow: number } {
      let t = { ...defaults };
      if (isObject(value)) {
        this.keys(value, ['fast', 'slow'], `${field}.`);
        t = {
          fast: this.seconds(value.fast, `${field}.fast`) ?? t.fast,
          slow: this.seconds(value.slow, `${field}.slow`) ?? t.slow,
        };
      } else if (value !== undefined) {
        const both = this.seconds(value, field);
        if (both !== null) t = { fast: both, slow: both };
      }
      return { fast: t.fast * 1000, slow: t.slow * 1000 };
    },
  };
};
