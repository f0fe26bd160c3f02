/** The first line of an error's message, kept short enough for a log line. */
export function reason(error: unknown, max = 200): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').map((l) => l.trim()).find(Boolean) ?? 'unknown error';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
