import type { Evidence, Json } from './types.js';

export interface FailureText {
  /** One line: what was seen, and what was wanted. Reporters show it on its own. */
  headline: string;
  /** Lines under the headline: per-example outcomes, the output of a server. */
  details?: readonly string[];
  /** What usually causes this, and what to look at. */
  hint?: string;
}

/** `check: headline`, then indented details and the hint. */
export const formatFailure = (check: string, { headline, details = [], hint }: FailureText): string =>
  [`${check}: ${headline}`, ...details.map((line) => `  ${line}`), ...(hint ? [`  hint: ${hint}`] : [])].join(
    '\n',
  );

/**
 * The assertion error every check throws when the model fails it. Test runners (vitest, jest,
 * node:test) report it like any failed assertion; `evidence` holds what the check saw, as JSON.
 */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  /** The check that failed, e.g. `canOverfit`. */
  readonly check: string;
  /** The numbers, curve and outputs the check saw. */
  readonly evidence: Evidence;
  /** The first line of the message. */
  readonly headline: string;

  constructor(evidence: Evidence, text: FailureText) {
    super(formatFailure(evidence.check, text));
    this.check = evidence.check;
    this.evidence = evidence;
    this.headline = text.headline;
  }

  toJSON(): Json {
    return { name: this.name, check: this.check, message: this.message, evidence: this.evidence as Json };
  }
}

export const isCheckFailure = (error: unknown): error is CheckFailure => error instanceof CheckFailure;
