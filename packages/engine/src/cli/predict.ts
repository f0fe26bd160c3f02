import { Command } from 'commander';
import { claimOutputFile, UserError } from '@anomaly-zoo/core';
import { stderrLogger } from '../log';
import { predictionsCsv, writePredictions } from '../predict/write-predictions';
import { runPredict } from '../predict/run-predict';
import { runCli } from './run-cli';

export function predictMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('predict')
      .description('Score new images with a saved model (its own preprocessing and threshold), most anomalous first')
      .requiredOption('-r, --run <dir>', 'a run directory written by tools/train (or its model/ folder)')
      .requiredOption('-i, --input <path>', 'an image file, or a folder scanned recursively')
      .option('-o, --out <file>', 'write the predictions to this .csv or .json file (default: CSV on stdout)')
      .option('--copy-anomalies-to <dir>', 'copy (never move) every image labelled anomalous here, keeping sub-paths')
      .option('--maps <dir>', 'write a heat-map PNG per image here, keeping sub-paths')
      .option('-b, --batch-size <n>', 'images scored at once', '32')
      .option('-f, --force', "replace existing files at --out and in the copy and map folders (never a run's own files)")
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ run: string; input: string; out?: string; copyAnomaliesTo?: string; maps?: string; batchSize: string; force?: boolean }>();
    const batchSize = Number(opts.batchSize);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new UserError(`--batch-size: must be a positive integer (got '${opts.batchSize}')`);
    const output = { force: Boolean(opts.force) };
    // Checked before any scoring, and again when written (the path may change meanwhile).
    if (opts.out) claimOutputFile(opts.out, output);
    const result = await runPredict({
      run: opts.run, input: opts.input, batchSize, copyAnomaliesTo: opts.copyAnomaliesTo, mapsDir: opts.maps, output, logger: stderrLogger,
    });
    const { predictions, failures, manifest } = result;
    if (opts.out) {
      claimOutputFile(opts.out, output);
      writePredictions(opts.out, predictions, failures, manifest.threshold.value);
    }
    else process.stdout.write(predictionsCsv(predictions));

    const flagged = predictions.filter((p) => p.label === 'anomalous').length;
    const log = (line: string): boolean => process.stderr.write(`${line}\n`);
    for (const failure of failures) log(`skipped: ${failure.reason}`);
    log(`scored ${predictions.length} image${predictions.length === 1 ? '' : 's'} with ${manifest.model} (threshold ${manifest.threshold.value.toPrecision(5)}): ` +
      `${flagged} anomalous, ${predictions.length - flagged} normal; ${failures.length} unreadable file${failures.length === 1 ? '' : 's'} skipped`);
    if (opts.out) log(`predictions: ${opts.out}`);
    if (opts.copyAnomaliesTo) log(`copied ${result.copied.length} flagged images to ${opts.copyAnomaliesTo}`);
    if (predictions.length === 0) throw new UserError(`${opts.input}: no image could be scored (${failures.length} unreadable)`);
  });
}
