export interface LfsPointer {
  oid: string;
  size: number;
}

// https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md: a pointer is a small text file that
// starts with this version line; older clients wrote the hawser one.
const VERSIONS = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1'];
const MAX_POINTER_BYTES = 1024;

/** The Git LFS pointer a file holds instead of its content, or null when it is real content. */
export const parseLfsPointer = (bytes: Uint8Array): LfsPointer | null => {
  if (bytes.length > MAX_POINTER_BYTES) return null;
  const text = new TextDecoder().decode(bytes);
  if (!VERSIONS.some((line) => text.startsWith(line))) return null;
  const oid = /^oid ([a-z0-9]+:[0-9a-f]+)$/m.exec(text)?.[1] ?? 'unknown';
  const size = Number(/^size (\d+)$/m.exec(text)?.[1] ?? Number.NaN);
  return { oid, size };
};
