import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import sharp from 'sharp';
import { expectSuccess, expectUserError, Outcome, runTool } from './test-utils/run-tool';
import { makeCategory, texture, TINY_SIZE, tinyRunConfig } from './test-utils/tiny-category';

// The bad-input matrix: each case builds one broken input and runs the real tools/train. The outcome is
// either exit 1 with exactly one `error:` line naming the culprit (never a stack trace), or a documented
// acceptance/skip with exit 0.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-bad-'));
fs.chmodSync(work, 0o755);
const SIZE = TINY_SIZE;
const isRoot = process.getuid?.() === 0;
/** Permission cases run as `nobody` when the tests run as root (root reads and writes everything). */
const NOBODY = 65534;

function train(args: string[], options: { asNobody?: boolean } = {}): Outcome {
  return runTool('train', args, { cwd: work, ...(options.asNobody && isRoot ? { uid: NOBODY } : {}) });
}

let caseCounter = 0;
/** A fresh copy of the category plus a config pointing at it; returns both. */
function freshCase(dataYaml = ''): { cat: string; config: string; out: string } {
  caseCounter += 1;
  const root = path.join(work, `case-${caseCounter}`);
  fs.cpSync(path.join(work, 'template'), root, { recursive: true });
  const config = path.join(root, 'run.yaml');
  fs.writeFileSync(config, tinyRunConfig(root, { data: dataYaml }));
  return { cat: path.join(root, 'cat'), config, out: path.join(root, 'out') };
}

const goodFile = (cat: string) => path.join(cat, 'train', 'good', '003.png');

beforeAll(async () => {
  await makeCategory(path.join(work, 'template'));
  fs.chmodSync(path.join(work, 'template'), 0o755);
});

describe('bad-input matrix: image files', () => {
  it('1 zero-byte file', () => {
    const c = freshCase();
    fs.writeFileSync(goodFile(c.cat), '');
    expectUserError(train(['--config', c.config, '--out', c.out]), /train\/good\/003\.png: empty file \(0 bytes\), not an image/);
  });

  it('2 truncated PNG', () => {
    const c = freshCase();
    const bytes = fs.readFileSync(goodFile(c.cat));
    fs.writeFileSync(goodFile(c.cat), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectUserError(train(['--config', c.config, '--out', c.out]), /003\.png: cannot decode image \(corrupt or truncated\?\)/);
  });

  it('3 truncated JPEG', async () => {
    const c = freshCase();
    const jpeg = await sharp(texture(3), { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg().toBuffer();
    fs.rmSync(goodFile(c.cat));
    fs.writeFileSync(path.join(c.cat, 'train', 'good', '003.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    expectUserError(train(['--config', c.config, '--out', c.out]), /003\.jpg: cannot decode image \(corrupt or truncated\?\)/);
  });

  it('4 text file with an image extension', () => {
    const c = freshCase();
    fs.writeFileSync(goodFile(c.cat), 'this is not an image\n');
    expectUserError(train(['--config', c.config, '--out', c.out]), /003\.png: not a supported image/);
  });

  it('5 a directory named x.png is not an image and is ignored', () => {
    const c = freshCase();
    fs.mkdirSync(path.join(c.cat, 'train', 'good', 'x.png'));
    const outcome = train(['--config', c.config, '--out', c.out]);
    expectSuccess(outcome);
    expect(fs.readFileSync(path.join(c.out, 'metrics.json'), 'utf8')).toMatch(/image_auroc/);
  });

  it('6 broken symbolic link', () => {
    const c = freshCase();
    fs.symlinkSync(path.join(c.cat, 'nowhere.png'), path.join(c.cat, 'train', 'good', 'link.png'));
    expectUserError(train(['--config', c.config, '--out', c.out]), /train\/good\/link\.png: broken symbolic link/);
  });

  it('7-11 16-bit, grayscale, RGBA, palette PNG and CMYK JPEG are all decoded and used', async () => {
    const c = freshCase();
    const dir = path.join(c.cat, 'train', 'good');
    const sixteen = new Uint16Array(SIZE * SIZE * 3).map((_, i) => (i * 997) % 65536);
    await sharp(Buffer.from(sixteen.buffer), { raw: { width: SIZE, height: SIZE, channels: 3 } }).toColourspace('rgb16').png().toFile(path.join(dir, 'a16.png'));
    await sharp(texture(1, 1), { raw: { width: SIZE, height: SIZE, channels: 1 } }).png().toFile(path.join(dir, 'gray.png'));
    await sharp(texture(2, 4), { raw: { width: SIZE, height: SIZE, channels: 4 } }).png().toFile(path.join(dir, 'rgba.png'));
    await sharp(texture(4), { raw: { width: SIZE, height: SIZE, channels: 3 } }).png({ palette: true, colours: 16 }).toFile(path.join(dir, 'palette.png'));
    await sharp(texture(5), { raw: { width: SIZE, height: SIZE, channels: 3 } }).toColourspace('cmyk').jpeg().toFile(path.join(dir, 'cmyk.jpg'));
    expect((await sharp(path.join(dir, 'a16.png')).metadata()).depth).toBe('ushort');
    expect((await sharp(path.join(dir, 'palette.png')).metadata()).isPalette).toBe(true);
    expect((await sharp(path.join(dir, 'cmyk.jpg')).metadata()).space).toBe('cmyk');
    const outcome = train(['--config', c.config, '--out', c.out]);
    expectSuccess(outcome);
    // 12 + 5 normal images, of which the validation fraction (10%, at least one) is held out.
    expect(outcome.stderr).toMatch(/data: 15 train, 2 validation/);
  });

  it('12 huge dimensions stop at the decompression-bomb guard', async () => {
    const c = freshCase('  limit_input_pixels: 1000000\n');
    await sharp({ create: { width: 2000, height: 2000, channels: 3, background: '#808080' } }).png().toFile(goodFile(c.cat));
    expectUserError(train(['--config', c.config, '--out', c.out]), /003\.png: image exceeds the pixel limit/);
  });

  it('24 a non-UTF-8 file name stops listing, naming the folder (Node cannot open it by a string path)', () => {
    const c = freshCase();
    const dir = Buffer.from(path.join(c.cat, 'train', 'good') + '/');
    const name = Buffer.concat([dir, Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x70, 0x6e, 0x67])]); // "f\xff\xfe.png"
    fs.writeFileSync(name, fs.readFileSync(goodFile(c.cat)));
    expectUserError(train(['--config', c.config, '--out', c.out]), /train\/good\/f.*\.png: file name is not valid UTF-8; rename the file/);
  });

  it('25 duplicate file names across folders stay distinct rows', () => {
    const c = freshCase();
    const outcome = train(['--config', c.config, '--out', c.out]);
    expectSuccess(outcome);
    const rows = fs.readFileSync(path.join(c.out, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
    const paths = rows.map((r) => r.split(',')[0]);
    expect(paths.filter((p) => p!.endsWith('000.png'))).toHaveLength(2);
    expect(new Set(paths).size).toBe(rows.length);
  });

  it('17 unreadable file', () => {
    const c = freshCase();
    fs.chmodSync(goodFile(c.cat), 0o000);
    fs.chmodSync(path.dirname(c.out), 0o777);
    expectUserError(train(['--config', c.config, '--out', c.out], { asNobody: true }), /003\.png: permission denied reading the image file/);
  });

  it('skip policy: bad files are logged, counted and left out; the run completes', () => {
    const c = freshCase('  on_bad_image: skip\n');
    fs.writeFileSync(goodFile(c.cat), '');
    fs.writeFileSync(path.join(c.cat, 'train', 'good', '004.png'), 'text');
    const outcome = train(['--config', c.config, '--out', c.out]);
    expectSuccess(outcome);
    expect(outcome.stderr).toMatch(/skipped .*003\.png: empty file/);
    expect(outcome.stderr).toMatch(/skipped .*004\.png: not a supported image/);
    expect(outcome.stderr).toMatch(/2 bad image\(s\) skipped/);
    expect(outcome.stderr).toMatch(/data: 9 train, 1 validation/);
  });
});

describe('bad-input matrix: masks and folders', () => {
  it('13 a mask whose size differs from its image', async () => {
    const c = freshCase();
    await sharp({ create: { width: SIZE * 2, height: SIZE, channels: 3, background: '#ffffff' } }).png().toFile(path.join(c.cat, 'ground_truth', 'scratch', '001_mask.png'));
    expectUserError(train(['--config', c.config, '--out', c.out]), /scratch\/001_mask\.png: mask is 32×16 but its image .*001\.png is 16×16/);
  });

  it('14 a missing mask: warned about, left out of pixel metrics, run completes', () => {
    const c = freshCase();
    fs.rmSync(path.join(c.cat, 'ground_truth', 'scratch', '002_mask.png'));
    const outcome = train(['--config', c.config, '--out', c.out]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toMatch(/WARNING: 1 defect image\(s\) have no mask .*scratch\/002\.png/);
  });

  it('15 empty class folder', () => {
    const c = freshCase();
    fs.rmSync(path.join(c.cat, 'train', 'good'), { recursive: true });
    fs.mkdirSync(path.join(c.cat, 'train', 'good'));
    expectUserError(train(['--config', c.config, '--out', c.out]), /train\/good: no images in the training folder/);
  });

  it('16 missing folder', () => {
    const c = freshCase();
    fs.rmSync(path.join(c.cat, 'test'), { recursive: true });
    expectUserError(train(['--config', c.config, '--out', c.out]), /cat\/test: .*folder not found/);
  });

  it('a test split with one class: metrics that need both say so, the rest is written', () => {
    const c = freshCase();
    fs.rmSync(path.join(c.cat, 'test', 'scratch'), { recursive: true });
    fs.rmSync(path.join(c.cat, 'ground_truth'), { recursive: true });
    const outcome = train(['--config', c.config, '--out', c.out]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/test split has only normal images, so AUROC, AUPR, F1/);
    const metrics = JSON.parse(fs.readFileSync(path.join(c.out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(metrics.image_auroc ?? null).toBeNull();
    expect(JSON.stringify(metrics)).not.toMatch(/NaN/);
    expect(fs.readFileSync(path.join(c.out, 'scores.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  });
});

describe('bad-input matrix: configs and output', () => {
  it('18 YAML syntax error', () => {
    const c = freshCase();
    fs.writeFileSync(c.config, 'model: [conv-ae\n');
    expectUserError(train(['--config', c.config]), /run\.yaml:\d+:\d+: YAML syntax error/);
  });

  it('19 unknown key', () => {
    const c = freshCase('  colour: true\n');
    expectUserError(train(['--config', c.config]), /run\.yaml: unknown key 'data\.colour'/);
  });

  it('20 wrong type', () => {
    const c = freshCase();
    expectUserError(train(['--config', c.config, '--set', 'training.batch_size=many']), /training\.batch_size: must be integer/);
  });

  it('21 unknown model name', () => {
    const c = freshCase();
    expectUserError(train(['--config', c.config, '--set', 'model.name=resnet-magic']), /unknown model 'resnet-magic' \(known: .*conv-ae/);
  });

  it('22 negative epochs', () => {
    const c = freshCase();
    expectUserError(train(['--config', c.config, '--set', 'training.epochs=-3']), /training\.epochs: must be >= 1/);
  });

  it('23 results directory not writable', () => {
    const c = freshCase();
    const locked = path.join(path.dirname(c.out), 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o555); // after mkdir: its mode would be masked by the umask
    expectUserError(train(['--config', c.config, '--out', path.join(locked, 'run')], { asNobody: true }), /locked\/run: cannot create the results directory: permission denied \(EACCES\)/);
  });

  it('target_recall without anomalous validation images, and a target outside (0, 1)', () => {
    const c = freshCase();
    expectUserError(
      train(['--config', c.config, '--set', 'evaluation.threshold.strategy=target_recall']),
      /run\.yaml: evaluation\.validation\.synthetic_anomalies: must be > 0 for threshold strategy 'target_recall'/,
    );
    expectUserError(train(['--config', c.config, '--set', 'evaluation.threshold.target_fpr=1.5']), /evaluation\.threshold\.target_fpr: must be < 1/);
  });

  it('a missing config file', () => {
    expectUserError(train(['--config', path.join(work, 'nope.yaml')]), /nope\.yaml: cannot read config: file not found/);
  });
});
