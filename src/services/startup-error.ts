/**
 * A start-up failure an operator can act on: what is wrong and what to do about it. The entry
 * points print these as two short lines and exit non-zero instead of dumping a stack trace.
 */
export class StartupError extends Error {
  constructor(
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${problem}\n  fix: ${fix}`);
    this.name = 'StartupError';
  }
}
