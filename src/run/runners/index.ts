import type { RunnerName } from '../../types.js';
import { command } from './command.js';
import { jest } from './jest.js';
import { node } from './node.js';
import { pytest } from './pytest.js';
import type { RunnerAdapter } from './types.js';
import { vitest } from './vitest.js';

export const runners: Record<RunnerName, RunnerAdapter> = { pytest, vitest, jest, node, command };
