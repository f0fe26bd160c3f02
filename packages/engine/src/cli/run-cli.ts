import { CommanderError } from 'commander';
import { asFileSystemError, describeError, isUserError } from '@anomaly-zoo/core';

/**
 * Runs a command's body and turns failures into exit codes: 1 with a one-line message for user errors
 * (bad config, bad data, bad arguments), 2 for anything else (a bug: stack with ANOMALY_ZOO_DEBUG=1).
 */
export async function runCli(body: () => Promise<void>): Promise<number> {
  try {
    await body();
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 1;
    // A full disk, a permission or a read-only mount met by a write that did not name its file itself.
    const located = typeof (error as NodeJS.ErrnoException | undefined)?.path === 'string'
      ? asFileSystemError(error, (error as NodeJS.ErrnoException).path as string) : error;
    if (isUserError(located)) {
      process.stderr.write(`error: ${located.message}\n`);
      return 1;
    }
    process.stderr.write(`internal error: ${describeError(error)}\n`);
    if (process.env.ANOMALY_ZOO_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    else process.stderr.write('(set ANOMALY_ZOO_DEBUG=1 to see the stack trace)\n');
    return 2;
  }
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
