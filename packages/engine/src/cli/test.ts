import { Command } from 'commander';
import { stderrLogger } from '../log';
import { runTest } from '../run-test';
import { collect, runCli } from './run-cli';
import { formatSummary } from './summary';

export function testMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('test')
      .description("Re-score a run's test split with its saved model, preprocessing and threshold")
      .requiredOption('-r, --run <dir>', 'a run directory written by tools/train')
      .option('-s, --set <key=value>', 'override a key of the run config (repeatable), e.g. --set data.root=/data/mvtec', collect, [])
      .option('-o, --out <dir>', 'write scores.csv and metrics.json here instead of <run>/tests/<time> (<run>/evaluations/<time>-<strategy> with a new threshold)')
      .option('-f, --force', 'replace the files of an --out folder that already holds some (never a run directory)')
      .option('--update-model', "with a new threshold (--set evaluation.threshold.*): also write it into the run's saved model")
      .exitOverride()
      .parse(argv, { from: 'user' });
    const opts = program.opts<{ run: string; set: string[]; out?: string; force?: boolean; updateModel?: boolean }>();
    const result = await runTest({ runDir: opts.run, overrides: opts.set, out: opts.out, force: opts.force, updateModel: opts.updateModel, logger: stderrLogger });
    process.stdout.write(formatSummary(result.outDir, result.metrics));
  });
}
