export interface Tolerance {
  /** Absolute tolerance. */
  atol: number;
  /** Relative tolerance, of the reference value. */
  rtol: number;
}

export interface OutputDifference {
  ok: boolean;
  /** The largest |a - b|. */
  maxDiff: number;
  /** Where it is, as an index into the flat outputs (-1 when the lengths differ). */
  worst: number;
  a: number | null;
  b: number | null;
}

/**
 * Compares outputs element by element: |a - b| <= atol + rtol * |b|, `b` being the reference.
 * NaN equals NaN (both sides broke the same way); NaN against a number is a difference.
 */
export const compareOutputs = (
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  { atol, rtol }: Tolerance,
): OutputDifference => {
  if (a.length !== b.length)
    return { ok: false, maxDiff: Number.POSITIVE_INFINITY, worst: -1, a: null, b: null };
  let ok = true;
  let maxDiff = 0;
  let worst = a.length > 0 ? 0 : -1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    // Equal (infinities included), or both broken the same way.
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
    const diff = Math.abs(x - y);
    if (!(diff <= atol + rtol * Math.abs(y))) ok = false;
    if (!(diff <= maxDiff)) {
      maxDiff = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
      worst = i;
    }
  }
  return { ok, maxDiff, worst, a: worst >= 0 ? a[worst]! : null, b: worst >= 0 ? b[worst]! : null };
};

/** A flat index as a position in a shape: 5 in [2, 3] is [1, 2]. */
export const positionOf = (flat: number, shape: readonly number[]): number[] => {
  const position: number[] = [];
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis]! || 1;
    position.unshift(rest % size);
    rest = Math.floor(rest / size);
  }
  return position;
};
