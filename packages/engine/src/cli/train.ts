import * as fs from 'fs';
import * as path from 'path';
import { Command } from 'commander';
import { UserError } from '@anomaly-zoo/core';
import { requireRunDir, RUN_FILES } from '../run-dir';
import { loadRunConfig } from '../config/load';
import { stderrLogger } from '../log';
import { runTraining } from '../run-training';
import { collect, runCli } from './run-cli';
import { formatSummary } from './summary';

/** The absolute run directory to resume, after checking it is a run and not yet complete. */
function resumableRunDir(dir: string, opts: { config?: string; out?: string; set: string[]; force?: boolean }): string {
  if (opts.config || opts.out || opts.set.length > 0 || opts.force) throw new UserError('--resume takes the run directory alone (its config.yaml is used as it was)');
  requireRunDir(dir);
  const runDir = path.resolve(dir);
  if (fs.existsSync(path.join(runDir, RUN_FILES.metrics))) throw new UserError(`${dir}: this run is already complete (${RUN_FILES.metrics} exists)`);
  return runDir;
}

export function trainMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('train')
      .description('Fit a model from a YAML run config, evaluate it on the test split and write a run directory')
      .option('-c, --config <yaml>', 'run config, e.g. configs/conv-ae/synthetic.yaml')
      .option('-r, --resume <run-dir>', 'continue an interrupted run from its last finished epoch (uses its config.yaml)')
      .option('-s, --set <key=value>', 'override a config key (repeatable), e.g. --set training.epochs=5', collect, [])
      .option('-o, --out <dir>', 'write the run here instead of results/<model>/<dataset>/<category>/<run-id>')
      .option('-f, --force', 'with --out: discard an unfinished run there and start over (never a complete one)')
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ config?: string; resume?: string; set: string[]; out?: string; force?: boolean }>();
    const resume = opts.resume === undefined ? undefined : resumableRunDir(opts.resume, opts);
    const configFile = resume ? path.join(resume, RUN_FILES.config) : opts.config;
    if (!configFile) throw new UserError('missing --config <yaml> (or --resume <run-dir>)');
    const config = loadRunConfig(configFile, opts.set, { savedRun: Boolean(resume) });
    const result = await runTraining(config, { out: opts.out, force: opts.force, resume, logger: stderrLogger });
    process.stdout.write(formatSummary(result.runDir, result.metrics));
  });
}
