// The public API: config types for mlhooks.config.mjs, and the pieces a CI script may want.
export { defineConfig } from './config/defineConfig.js';
export type { MlhooksConfig, ModelConfig, SlowConfig, TestGroupConfig } from './config/types.js';
export type {
  ChangeSet,
  CommandResult,
  FileChange,
  FileTier,
  Plan,
  PlannedCommand,
  RunnerName,
  SelectedTest,
  Selection,
  Stage,
  Tier,
} from './types.js';
