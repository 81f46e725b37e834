import type { CommandResult, Plan, PlannedCommand, ResultStatus } from '../types.js';
import { childEnv, type ProcessResult, runProcess } from './runProcess.js';

export interface RunListener {
  onStart?(command: PlannedCommand): void;
  onEnd?(result: CommandResult): void;
}

export interface RunOptions extends RunListener {
  concurrency: number;
  signal?: AbortSignal;
  /** Ask child runners for colour (they see a pipe, not a terminal). */
  color: boolean;
}

const statusOf = (command: PlannedCommand, run: ProcessResult): { status: ResultStatus; note?: string } => {
  if (run.interrupted) return { status: 'interrupted' };
  if (run.timedOut)
    return { status: 'timeout', note: `killed after ${Math.round(command.timeoutMs / 1000)}s (timeout)` };
  if (run.spawnError) return { status: 'error', note: run.spawnError };
  if (command.runner === 'pytest' && /No module named pytest/.test(run.output)) {
    return {
      status: 'error',
      note: "pytest is not installed for this Python: `pip install pytest`, or set the group's command",
    };
  }
  if (run.exitCode === 0) return { status: 'pass' };
  // The check worker exits 3 when a check could not run (a missing model file, a broken check module).
  if (command.runner === 'checks' && run.exitCode === 3)
    return { status: 'error', note: 'a check could not run' };
  if (run.exitCode !== null && command.passCodes.includes(run.exitCode)) {
    return {
      status: 'pass',
      note: command.runner === 'pytest' ? 'no tests of this tier in the selected files' : undefined,
    };
  }
  return { status: 'fail', note: run.signal ? `killed by ${run.signal}` : undefined };
};

/** Runs planned commands, at most `concurrency` at once; resolves with one result per command, in plan order. */
export const runPlan = async (plan: Plan, options: RunOptions): Promise<CommandResult[]> => {
  const results: CommandResult[] = new Array(plan.commands.length);
  let next = 0;
  const colorEnv: Record<string, string> = options.color
    ? { FORCE_COLOR: '1', PY_COLORS: '1' }
    : { NO_COLOR: '1' };
  const worker = async () => {
    while (next < plan.commands.length) {
      const index = next++;
      const command = plan.commands[index]!;
      if (options.signal?.aborted) {
        results[index] = {
          command,
          status: 'skipped',
          exitCode: null,
          signal: null,
          timedOut: false,
          durationMs: 0,
          output: '',
          outputTruncated: 0,
          note: 'interrupted before it started',
        };
        continue;
      }
      options.onStart?.(command);
      const run = await runProcess(command.argv, {
        cwd: command.cwd,
        env: childEnv({
          ...colorEnv,
          ...command.env,
          MLHOOKS_STAGE: plan.stage,
          MLHOOKS_TIERS: command.tiers.join(','),
        }),
        timeoutMs: command.timeoutMs,
        signal: options.signal,
      });
      const { status, note } = statusOf(command, run);
      const result: CommandResult = {
        command,
        status,
        exitCode: run.exitCode,
        signal: run.signal,
        timedOut: run.timedOut,
        durationMs: run.durationMs,
        output: run.output,
        outputTruncated: run.outputTruncated,
        ...(note ? { note } : {}),
      };
      results[index] = result;
      options.onEnd?.(result);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, plan.commands.length)) }, worker),
  );
  return results;
};
