import { CommanderError } from 'commander';
import { describeError, isUserError } from '@anomaly-zoo/core';

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
    if (isUserError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
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
