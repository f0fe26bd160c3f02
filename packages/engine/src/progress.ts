import { SingleBar } from 'cli-progress';

export interface EpochProgress {
  update(imagesDone: number, loss: number): void;
  stop(): void;
}

/**
 * A progress bar for one epoch (epoch, loss, img/s, ETA) on a terminal; nothing when stderr is not a
 * TTY (CI logs get the per-epoch summary line instead).
 */
export function epochProgress(epoch: number, epochs: number, totalImages: number): EpochProgress {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  const bar = new SingleBar({
    format: 'epoch {epoch}/{epochs} |{bar}| {value}/{total} img | loss {loss} | {speed} img/s | ETA {eta}s',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(totalImages, 0, { epoch, epochs, loss: '-', speed: '-' });
  return {
    update: (imagesDone, loss) => {
      const seconds = (Date.now() - started) / 1000;
      bar.update(imagesDone, { loss: loss.toPrecision(4), speed: seconds > 0 ? (imagesDone / seconds).toFixed(1) : '-' });
    },
    stop: () => bar.stop(),
  };
}
