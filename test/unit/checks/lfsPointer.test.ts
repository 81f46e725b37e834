import { describe, expect, it } from 'vitest';
import { parseLfsPointer } from '../../../src/checks/lfsPointer.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseLfsPointer', () => {
  it('reads the oid and size of a pointer file', () => {
    const pointer =
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    expect(parseLfsPointer(bytes(pointer))).toEqual({
      oid: 'sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393',
      size: 12345,
    });
  });

  it('knows the pre-release (hawser) version line too', () => {
    expect(
      parseLfsPointer(bytes('version https://hawser.github.com/spec/v1\noid sha256:ab\nsize 1\n')),
    ).toEqual({ oid: 'sha256:ab', size: 1 });
  });

  it('leaves real content alone: JSON, weights, and big files that merely start like a pointer', () => {
    expect(parseLfsPointer(bytes('{"modelTopology": {}}'))).toBeNull();
    expect(parseLfsPointer(Float32Array.from([1, 2, 3]).buffer as unknown as Uint8Array)).toBeNull();
    expect(parseLfsPointer(new Uint8Array(new Float32Array([0.5, -1]).buffer))).toBeNull();
    expect(
      parseLfsPointer(bytes(`version https://git-lfs.github.com/spec/v1\n${'x'.repeat(2000)}`)),
    ).toBeNull();
  });
});
