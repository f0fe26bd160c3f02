import { Command } from 'commander';
import { loadRunConfig } from '../config/load';
import { stderrLogger } from '../log';
import { runTraining } from '../run-training';
import { collect, runCli } from './run-cli';
import { formatSummary } from './summary';

export function trainMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('train')
      .description('Fit a model from a YAML run config, evaluate it on the test split and write a run directory')
      .requiredOption('-c, --config <yaml>', 'run config, e.g. configs/conv-ae/synthetic.yaml')
      .option('-s, --set <key=value>', 'override a config key (repeatable), e.g. --set training.epochs=5', collect, [])
      .option('-o, --out <dir>', 'write the run here instead of results/<model>/<dataset>/<category>/<run-id>')
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ config: string; set: string[]; out?: string }>();
    const config = loadRunConfig(opts.config, opts.set);
    const result = await runTraining(config, { out: opts.out, logger: stderrLogger });
    process.stdout.write(formatSummary(result.runDir, result.metrics));
  });
}
