import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MlhooksError } from '../../errors.js';
import type { Numbers } from '../types.js';

const isNumbers = (value: unknown): value is Numbers =>
  typeof value === 'number' || (Array.isArray(value) && value.length > 0 && value.every(isNumbers));

/**
 * An example's input from config: the numbers themselves, or a JSON file (relative to `cwd`)
 * holding a (nested) array of numbers. `where` names the field in errors.
 */
export const loadInput = async (input: string | Numbers, cwd: string, where: string): Promise<Numbers> => {
  if (typeof input !== 'string') {
    if (!isNumbers(input))
      throw new MlhooksError('E_CONFIG', `${where} must be a list of numbers or a JSON file`);
    return input;
  }
  const file = resolve(cwd, input);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new MlhooksError(
      'E_CONFIG',
      `${where}: ${input} ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read'}`,
      {
        hint: `paths are relative to ${cwd}`,
        cause: error,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlhooksError('E_CONFIG', `${where}: ${input} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!isNumbers(value))
    throw new MlhooksError('E_CONFIG', `${where}: ${input} must hold a (nested) list of numbers`);
  return value;
};
