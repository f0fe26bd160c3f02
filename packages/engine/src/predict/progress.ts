import { SingleBar } from 'cli-progress';

export interface PredictProgress {
  update(done: number, failed: number): void;
  stop(): void;
}

/** A progress bar over the files of one predict run, on a terminal only (logs stay clean). */
export function predictProgress(total: number): PredictProgress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    format: 'scoring |{bar}| {value}/{total} images | {failed} unreadable | ETA {eta}s',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total, 0, { failed: 0 });
  return { update: (done, failed) => bar.update(done, { failed }), stop: () => bar.stop() };
}
