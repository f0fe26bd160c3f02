import * as path from 'path';
import { Command } from 'commander';
import { claimOutputFile, writeFileAtomic } from '@anomaly-zoo/core';
import { initBackend } from '@anomaly-zoo/backend';
import { stderrLogger } from '../log';
import { exportSavedModel } from '../onnx-export';
import { resolveModelDir } from '../predict/model-dir';
import { runCli } from './run-cli';

export const ONNX_FILE = 'model.onnx';

export function exportMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('export')
      .description('Write a saved model as one ONNX model of its whole scoring: image in, score, normalised score, label and map out')
      .requiredOption('-r, --run <dir>', 'a run directory written by tools/train (or its model/ folder)')
      .option('-o, --out <file>', `where to write the ONNX model (default: <run>/${ONNX_FILE})`)
      .option('-f, --force', "replace an existing file at --out (never a run's own files)")
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ run: string; out?: string; force?: boolean }>();
    const modelDir = resolveModelDir(opts.run);
    const out = opts.out ?? path.join(opts.run, ONNX_FILE);
    const policy = { force: Boolean(opts.force) };
    // Checked before the work, and again when written (the path may change meanwhile).
    claimOutputFile(out, policy);
    await initBackend({ log: stderrLogger.info });
    const { onnx, manifest } = await exportSavedModel(modelDir, stderrLogger.info);
    claimOutputFile(out, policy);
    writeFileAtomic(out, onnx);
    const { height, width, channels } = manifest.preprocessing;
    process.stderr.write(`exported ${manifest.model} (input image [batch, ${height}, ${width}, ${channels}] in [0, 1], threshold ${manifest.threshold.value.toPrecision(5)}) to ${out} (${(onnx.length / 1024).toFixed(0)} KiB)\n`);
  });
}
