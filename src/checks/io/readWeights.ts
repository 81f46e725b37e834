import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { MlhooksError } from '../../errors.js';
import { parseLfsPointer } from '../lfsPointer.js';
import { LFS_HINT, REEXPORT_HINT } from '../messages.js';
import { describeWeight, expectedBytes } from './weightBytes.js';

type Manifest = tfjs.io.WeightsManifestConfig;

/** A path as people want to read it: relative to the current directory when inside it. */
export const displayPath = (file: string): string => {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
};

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} kB`
      : `${bytes} bytes`;

/** Reads a model file; a missing file or a Git LFS pointer in its place is an error that names it. */
export const readModelFile = async (file: string, listedIn?: string): Promise<Uint8Array> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const where = listedIn ? `, listed in ${displayPath(listedIn)},` : '';
    throw new MlhooksError(
      'E_MODEL',
      `${displayPath(file)}${where} ${missing ? 'does not exist' : `cannot be read: ${(error as Error).message}`}`,
      {
        hint: missing
          ? listedIn
            ? `was it committed? (check .gitignore); else ${REEXPORT_HINT}`
            : 'check the model path'
          : undefined,
        cause: error,
      },
    );
  }
  const pointer = parseLfsPointer(bytes);
  if (pointer) {
    const size = Number.isFinite(pointer.size) ? `, ${formatBytes(pointer.size)}` : '';
    throw new MlhooksError(
      'E_MODEL',
      `${displayPath(file)}: this is a Git LFS pointer (${pointer.oid.slice(0, 19)}…${size}), not the file: run \`git lfs pull\``,
      {
        hint: LFS_HINT,
      },
    );
  }
  return bytes;
};

/** Reads and parses a JSON model file (model.json or a weights manifest). */
export const readModelJson = async (file: string): Promise<unknown> => {
  const bytes = await readModelFile(file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new MlhooksError('E_MODEL', `${displayPath(file)} is not valid JSON: ${(error as Error).message}`, {
      hint: REEXPORT_HINT,
      cause: error,
    });
  }
};

const isManifest = (value: unknown): value is Manifest =>
  Array.isArray(value) &&
  value.every((group) => Array.isArray(group?.paths) && Array.isArray(group?.weights));

/**
 * Reads every shard a weights manifest lists (paths relative to `referrer`'s folder) and checks
 * that the bytes match the shapes the manifest declares.
 */
export const readWeights = async (
  manifest: unknown,
  referrer: string,
): Promise<{ specs: tfjs.io.WeightsManifestEntry[]; data: ArrayBuffer; shards: string[] }> => {
  if (!isManifest(manifest)) {
    throw new MlhooksError(
      'E_MODEL',
      `${displayPath(referrer)}: its weightsManifest is not a list of { paths, weights } groups`,
      { hint: REEXPORT_HINT },
    );
  }
  const dir = dirname(referrer);
  const specs: tfjs.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  const shards: string[] = [];
  for (const group of manifest) {
    const files = group.paths.map((path) => join(dir, decodeURIComponent(path)));
    const bytes = await Promise.all(files.map((file) => readModelFile(file, referrer)));
    const held = bytes.reduce((sum, b) => sum + b.length, 0);
    const wanted = expectedBytes(group.weights);
    if (wanted !== null && wanted !== held) {
      const first = group.weights[0];
      throw new MlhooksError(
        'E_MODEL',
        `${files.map(displayPath).join(', ')} ${files.length === 1 ? 'holds' : 'hold'} ${held} bytes, but ${displayPath(referrer)} declares weights of ${wanted} bytes (${group.weights.length} weights${first ? `, first ${describeWeight(first)}` : ''}): the shapes do not match the shards`,
        { hint: REEXPORT_HINT },
      );
    }
    specs.push(...group.weights);
    parts.push(...bytes);
    shards.push(...files);
  }
  const data = new Uint8Array(parts.reduce((sum, b) => sum + b.length, 0));
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return { specs, data: data.buffer, shards };
};
