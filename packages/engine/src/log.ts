/** Where the engine's human-readable progress lines go (stderr, so stdout stays for summaries). */
export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export const stderrLogger: Logger = {
  info: (line) => process.stderr.write(`${line}\n`),
  warn: (line) => process.stderr.write(`WARNING: ${line}\n`),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined };
