// Errors a user can fix carry a code, a message naming the file or field, and a hint with the fix.
// Only src/cli.ts turns them into exit codes.

export type ErrorCode =
  | 'E_USAGE'
  | 'E_CONFIG'
  | 'E_NOT_GIT_REPO'
  | 'E_BARE_REPO'
  | 'E_GIT'
  | 'E_PRE_PUSH_INPUT'
  | 'E_RUNNER_MISSING'
  | 'E_ENVELOPE'
  | 'E_LEFTOVER'
  | 'E_INSTALL'
  | 'E_MODEL';

const exitCodes: Record<ErrorCode, number> = {
  E_USAGE: 2,
  E_CONFIG: 2,
  E_PRE_PUSH_INPUT: 2,
  E_NOT_GIT_REPO: 3,
  E_BARE_REPO: 3,
  E_GIT: 3,
  E_RUNNER_MISSING: 3,
  E_ENVELOPE: 3,
  E_LEFTOVER: 3,
  E_INSTALL: 3,
  E_MODEL: 3,
};

export class MlhooksError extends Error {
  override name = 'MlhooksError';
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  get exitCode(): number {
    return exitCodes[this.code];
  }
}

export const isMlhooksError = (error: unknown): error is MlhooksError => error instanceof MlhooksError;
