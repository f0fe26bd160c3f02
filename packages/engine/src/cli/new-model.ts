import * as path from 'path';
import { Command } from 'commander';
import { scaffoldModel } from '../new-model/scaffold';
import { runCli } from './run-cli';

/** The repository root, from src/cli or dist/cli alike. */
const REPO = path.resolve(__dirname, '../../../..');

export function newModelMain(argv: string[]): Promise<number> {
  return runCli(async () => {
    const program = new Command('new-model')
      .description('Scaffold packages/models/<name> with a working baseline, a config and a README, and register it')
      .argument('<name>', 'the model name configs will use, e.g. my-model')
      .option('--repo <dir>', 'the anomaly-zoo checkout to add it to', REPO)
      .exitOverride()
      .parse(argv, { from: 'user' });
    const name = program.args[0]!;
    const { repo } = program.opts<{ repo: string }>();
    const result = scaffoldModel(path.resolve(repo), name);
    const show = (file: string): string => path.relative(repo, file);
    process.stdout.write(
      [
        `created ${show(result.packageDir)}/ and configs/${name}/synthetic.yaml`,
        ...result.created.map((f) => `  + ${show(f)}`),
        'registered in',
        ...result.edited.map((f) => `  ~ ${show(f)}`),
        'next:',
        '  npm install                                  # records the new workspace in package-lock.json',
        '  npm run build                                # compiles it with the rest',
        `  cd packages/engine && npx jest src/conformance.test.ts -t '${name}'`,
        `  tools/train --config configs/${name}/synthetic.yaml`,
        '  then replace src/model.ts with your model: see docs/adding-a-model.md',
      ].join('\n') + '\n',
    );
  });
}
