import type { FileFacts } from './facts.js';
import { isPathLike, literalGlob } from './pathLike.js';

const STRING = /"((?:\\.|[^"\\])*)"/g;

/** The string values of a JSON file that may name files: `model.json` naming its weight shards. */
export const scanJson = (source: string): FileFacts => {
  const literals = new Set<string>();
  const patterns = new Set<string>();
  for (const match of source.matchAll(STRING)) {
    let value = match[1]!;
    if (value.includes('\\')) {
      try {
        value = JSON.parse(`"${value}"`) as string;
      } catch {
        continue;
      }
    }
    if (isPathLike(value)) literals.add(value);
    const pattern = literalGlob(value);
    if (pattern !== null) patterns.add(pattern);
  }
  const globs = [...patterns].map((pattern) => ({ kind: 'literal' as const, pattern }));
  return { specs: [], literals: [...literals], globs, unsure: [] };
};
