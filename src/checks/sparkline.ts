const BARS = '▁▂▃▄▅▆▇█';

/** A short number for people: 1.10, 0.41, 0.00018, 1.2e-7. */
export const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1000) return value.toFixed(0);
  if (abs >= 0.01) return value.toFixed(2);
  if (abs >= 1e-4) return String(Number(value.toPrecision(2)));
  return value.toExponential(1);
};

// Mean of each of `width` equal slices, so a long curve still fits in a few characters.
const buckets = (values: readonly number[], width: number): number[] => {
  if (values.length <= width) return [...values];
  return Array.from({ length: width }, (_, i) => {
    const from = Math.floor((i * values.length) / width);
    const to = Math.floor(((i + 1) * values.length) / width);
    const slice = values.slice(from, Math.max(to, from + 1));
    return slice.reduce((sum, v) => sum + v, 0) / slice.length;
  });
};

/** A limit as written: 0.05, 1, 0.001. */
export const formatLimit = (value: number): string => String(Number(value.toPrecision(3)));

// Differences below this share of the values are float noise (summation order), drawn flat.
const FLAT = 1e-4;

/** A sparkline of a curve in `width` characters; `!` marks NaN or Infinity. */
export const sparkline = (values: readonly number[], width = 8): string => {
  const points = buckets(values, width);
  const finite = points.filter(Number.isFinite);
  if (finite.length === 0) return '!'.repeat(points.length);
  const low = Math.min(...finite);
  const high = Math.max(...finite);
  return points
    .map((v) => {
      if (!Number.isFinite(v)) return '!';
      if (high - low <= FLAT * Math.max(Math.abs(high), Math.abs(low))) return BARS[3];
      return BARS[Math.round(((v - low) / (high - low)) * (BARS.length - 1))];
    })
    .join('');
};

/** `loss 1.10 ▇▆▄▃▂▂▂▂ 0.41 after 200 steps`: a curve as one line of a failure message. */
export const curveLine = (name: string, values: readonly number[], unit = 'steps'): string => {
  if (values.length === 0) return `${name}: no ${unit} ran`;
  const first = values[0]!;
  const last = values[values.length - 1]!;
  return `${name} ${formatNumber(first)} ${sparkline(values)} ${formatNumber(last)} after ${values.length} ${values.length === 1 ? unit.replace(/s$/, '') : unit}`;
};
