import * as path from 'path';
import { SingleBar } from 'cli-progress';
import { describeError, isUserError, UserError } from '@anomaly-zoo/core';
import { DATASETS, DatasetSpec } from '../datasets/catalogue';
import { DatasetIo, downloadDataset, prepareDataset, ProgressSink } from '../datasets/prepare';
import type { VerifyReport } from '../datasets/verify';

export const DATASETS_USAGE = `Usage: datasets <command> <name> [options]
  list                       the data sets known by name
  download <name>            fetch the files (resumable, checksum-checked) into <root>/.downloads
  prepare <name>             download (or copy from a local source) and extract into <root>, then verify
  verify <name>              check the layout and image counts under <root> against the published split
Options:
  --root DIR                 data root (default: the data set's, e.g. datasets/mvtec for mvtec/bottle)
  --url URL                  download from here instead (a mirror); one-file data sets only
  --sha256 HEX               expected SHA-256 of that download
  --replace                  extract over folders that already exist`;

interface ParsedArgs {
  command: 'list' | 'download' | 'prepare' | 'verify' | 'help';
  name?: string;
  root?: string;
  url?: string;
  sha256?: string;
  replace: boolean;
}

export function parseDatasetsArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const parsed: ParsedArgs = { command: 'help', replace: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const match = /^--([a-z0-9]+)(?:=(.*))?$/.exec(arg);
    if (!match) {
      positional.push(arg);
      continue;
    }
    const flag = match[1]!;
    if (flag === 'help') return parsed;
    if (flag === 'replace') {
      parsed.replace = true;
      continue;
    }
    if (!['root', 'url', 'sha256'].includes(flag)) throw new UserError(`datasets: unknown option '--${flag}' (see --help)`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UserError(`datasets: --${flag} needs a value`);
    if (flag === 'sha256' && !/^[0-9a-fA-F]{64}$/.test(value)) throw new UserError(`datasets: --sha256 must be 64 hex digits`);
    (parsed as unknown as Record<string, string>)[flag] = value;
  }
  const [command, name, ...rest] = positional;
  if (command === undefined) return parsed;
  if (!['list', 'download', 'prepare', 'verify'].includes(command)) throw new UserError(`datasets: unknown command '${command}' (list, download, prepare, verify)`);
  parsed.command = command as ParsedArgs['command'];
  if (rest.length > 0) throw new UserError(`datasets: unexpected argument '${rest[0]}'`);
  if (command !== 'list') {
    if (!name) throw new UserError(`datasets ${command}: which data set? (${[...DATASETS.keys()].join(', ')})`);
    parsed.name = name;
  }
  return parsed;
}

function specFor(name: string): DatasetSpec {
  const spec = DATASETS.get(name);
  if (!spec) throw new UserError(`datasets: unknown data set '${name}' (known: ${[...DATASETS.keys()].join(', ')})`);
  return spec;
}

/** A bar with bytes, speed and ETA on a terminal; a line per 10% otherwise (logs, CI). */
function terminalProgress(label: string): ProgressSink {
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format: `${label} |{bar}| {percentage}% | {doneMiB}/{totalMiB} MiB | {speed} MiB/s | ETA {eta_formatted}`,
      stream: process.stderr, hideCursor: true, etaBuffer: 50,
    });
    const started = Date.now();
    let running = false;
    return {
      update: (done, total) => {
        const payload = { doneMiB: mib(done), totalMiB: total ? mib(total) : '?', speed: mib(done / Math.max(0.001, (Date.now() - started) / 1000)) };
        if (!running) {
          bar.start(total ?? 0, done, payload);
          running = true;
        } else {
          if (total) bar.setTotal(total);
          bar.update(done, payload);
        }
      },
      stop: () => running && bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update: (done, total) => {
      if (!total) return;
      const tenth = Math.floor((10 * done) / total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${label}: ${mib(done)} of ${mib(total)} MiB (${tenth * 10}%)\n`);
      }
    },
    stop: () => undefined,
  };
}

const stderrIo: DatasetIo = { log: (line) => process.stderr.write(`${line}\n`), progress: terminalProgress };

function reportVerification(spec: DatasetSpec, root: string, report: VerifyReport): void {
  for (const line of report.counted) process.stderr.write(`${line}\n`);
  if (report.problems.length > 0) {
    for (const p of report.problems.slice(1)) process.stderr.write(`  also: ${p.where}: ${p.problem}\n`);
    const first = report.problems[0]!;
    throw new UserError(`${spec.id} under ${root} does not match the published layout: ${first.where}: ${first.problem}${report.problems.length > 1 ? ` (and ${report.problems.length - 1} more)` : ''}`);
  }
  process.stdout.write(`${spec.id}: layout and counts OK under ${root}\n`);
}

export async function datasetsMain(argv: readonly string[], io: DatasetIo = stderrIo): Promise<number> {
  try {
    const args = parseDatasetsArgs(argv);
    if (args.command === 'help') {
      process.stdout.write(`${DATASETS_USAGE}\n`);
      return 0;
    }
    if (args.command === 'list') {
      for (const spec of DATASETS.values()) process.stdout.write(`${spec.id.padEnd(20)} ${spec.title}; ${spec.licence}; root ${spec.defaultRoot}\n`);
      return 0;
    }
    const spec = specFor(args.name!);
    const root = path.resolve(args.root ?? spec.defaultRoot);
    const options = { root, url: args.url, sha256: args.sha256, replace: args.replace, io };
    if (args.command === 'download') {
      const files = await downloadDataset(spec, options);
      process.stdout.write(`${files.join('\n')}\n`);
    } else if (args.command === 'prepare') {
      reportVerification(spec, root, await prepareDataset(spec, options));
    } else {
      reportVerification(spec, root, spec.verify(root));
    }
    return 0;
  } catch (error) {
    if (isUserError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`internal error: ${describeError(error)}\n`);
    return 2;
  }
}
