import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/** Compiles this package's sources (not its tests) to CommonJS in a temp directory, for child processes. */
export function transpileSources(srcDir: string): string {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'backend-src-'));
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'test-utils') walk(file);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        const target = path.join(out, path.relative(srcDir, file)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, outputText);
      }
    }
  };
  walk(srcDir);
  return out;
}

/** The node_modules folder that holds @tensorflow/tfjs, for NODE_PATH. */
export function nodeModulesDir(): string {
  return path.resolve(path.dirname(require.resolve('@tensorflow/tfjs/package.json')), '..', '..');
}
