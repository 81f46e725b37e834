import type * as tfjs from '@tensorflow/tfjs';

type WeightSpec = tfjs.io.WeightsManifestEntry;

const DTYPE_BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  complex64: 8,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

const elements = (shape: readonly number[]): number => shape.reduce((product, size) => product * size, 1);

/** Bytes one weight takes in a shard (quantized weights take their stored size), or null for strings. */
export const weightBytes = (spec: WeightSpec): number | null => {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = DTYPE_BYTES[dtype];
  return size === undefined ? null : elements(spec.shape) * size;
};

/** Bytes a manifest group's shards must hold together, or null when a string weight makes it variable. */
export const expectedBytes = (specs: readonly WeightSpec[]): number | null => {
  let total = 0;
  for (const spec of specs) {
    const bytes = weightBytes(spec);
    if (bytes === null) return null;
    total += bytes;
  }
  return total;
};

/** `dense/kernel [4,3] float32`: a weight as the error messages name it. */
export const describeWeight = (spec: WeightSpec): string =>
  `${spec.name} [${spec.shape.join(',')}] ${spec.quantization ? `${spec.dtype} stored as ${spec.quantization.dtype}` : spec.dtype}`;
