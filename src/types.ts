// The data that flows through mlhooks: ChangeSet -> Selection -> Plan -> Results.

export type Stage = 'pre-commit' | 'pre-push' | 'pre-merge-commit' | 'ci';
export const STAGES: readonly Stage[] = ['pre-commit', 'pre-push', 'pre-merge-commit', 'ci'];
export const HOOKS = ['pre-commit', 'pre-push', 'pre-merge-commit'] as const;
export type Hook = (typeof HOOKS)[number];

export type Tier = 'fast' | 'slow';
export const TIERS: readonly Tier[] = ['fast', 'slow'];

/** A: added, M: modified, D: deleted, R: renamed (oldPath set). */
export type FileStatus = 'A' | 'M' | 'D' | 'R';

export interface FileChange {
  path: string;
  status: FileStatus;
  oldPath?: string;
  /**
   * Set on a change read from another file: data DVC manages, from the `.dvc` pointer or dvc.lock
   * that records it.
   */
  via?: string;
  /** With `via`: the data is a folder of files. */
  folder?: boolean;
}

export interface ChangeSet {
  stage: Stage;
  /** What the change is compared with: a commit, or "HEAD" for the index. */
  base: string | null;
  /** The commit checked, or null for the staged content (the index). */
  head: string | null;
  /** Paths relative to the git root, as git prints them. */
  files: FileChange[];
  /** Things worth telling the user about how the change set was built. */
  notes: string[];
  /**
   * pre-push: the pushed refs that bring changes to check, with their commits. The tests run on the
   * work tree, so while they run it is made to hold the pushed commit's content.
   */
  pushed?: PushedRef[];
}

export interface PushedRef {
  /** As the user named it: a branch or tag name, else the full ref. */
  name: string;
  commit: string;
  /** Whether it is the commit checked out (HEAD). */
  checkedOut: boolean;
}

/** A test file that holds one tier, the other, or both told apart by a marker or a command. */
export type FileTier = Tier | 'mixed';

export interface SelectedTest {
  /** Relative to the project root. */
  path: string;
  group: string;
  tier: FileTier;
  reasons: string[];
}

/** A model whose checks (check module, artifact checks) the change affects. */
export interface SelectedCheck {
  model: string;
  reasons: string[];
}

export interface Selection {
  tests: SelectedTest[];
  checks: SelectedCheck[];
  /** True when a changed file selects every test. */
  everything: boolean;
  notes: string[];
}

export type RunnerName = 'pytest' | 'vitest' | 'jest' | 'node' | 'command';
/** Who runs a planned command: a test runner, or mlhooks' own worker for model checks. */
export type CommandRunner = RunnerName | 'checks';

export interface PlannedCommand {
  id: string;
  /** The test group, or the model for model checks. */
  group: string;
  runner: CommandRunner;
  tiers: Tier[];
  files: string[];
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Exit codes that mean "passed" besides 0 (pytest's 5: every test deselected). */
  passCodes: number[];
  /** Model checks: the cache key of each tier this command runs, to record a pass. */
  cacheKeys?: Partial<Record<Tier, string>>;
}

export interface Plan {
  stage: Stage;
  tiers: Tier[];
  commands: PlannedCommand[];
  /** Model checks not run because they passed before on the same inputs. */
  cached: CachedCheck[];
}

export interface CachedCheck {
  model: string;
  tier: Tier;
  /** The commit HEAD was at when they passed. */
  passedAt: string | null;
  /** They passed on a staged change (pre-commit), on top of `passedAt`. */
  staged?: boolean;
  at: string;
}

export type ResultStatus = 'pass' | 'fail' | 'error' | 'timeout' | 'interrupted' | 'skipped';

export interface CommandResult {
  command: PlannedCommand;
  status: ResultStatus;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  durationMs: number;
  output: string;
  /** Bytes of output dropped to keep memory bounded. */
  outputTruncated: number;
  note?: string;
}
