import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import { loadRunConfig } from './load';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'az-config-'));
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UserError');
}

const minimal = 'model:\n  name: conv-ae\ndata:\n  format: synthetic\n';

describe('loadRunConfig', () => {
  it('fills every default of the engine and of the model', () => {
    const config = loadRunConfig(write('ok.yaml', minimal));
    expect(config.seed).toBe(42);
    expect(config.training).toEqual({ epochs: 20, batch_size: 32, learning_rate: 0.001, early_stopping: { patience: 0, min_delta: 0 } });
    expect(config.data.validation_fraction).toBe(0.1);
    expect(config.evaluation.threshold).toEqual({ strategy: 'adaptive_f1', percentile: 99, k: 0.5, target_fpr: 0.01, target_recall: 0.95 });
    expect(config.evaluation.validation).toEqual({ synthetic_anomalies: 0 });
    const mobilenet = { source: 'local', model: 'mobilenet_v1_0.75_224', version: 1, alpha: 0.75, input_size: 224, fallback_to_hub: false };
    expect(config.model).toEqual({
      name: 'conv-ae', channels: [32, 64, 128], latent_channels: 16, kernel_size: 3, output_conv: false, loss: 'mse', error_map: 'squared', map_sigma: 2, image_score: 'max', ssim_window: 11, ssim_sigma: 1.5,
      perceptual: { ...mobilenet, layers: ['conv_pw_3_relu', 'conv_pw_5_relu'] },
      space: 'image', backbone: { ...mobilenet, layers: ['conv_pw_5_relu', 'conv_pw_11_relu'] }, feature_channels: [128], error_standardisation: 'position',
    });
  });

  it('applies --set overrides with YAML-typed values', () => {
    const config = loadRunConfig(write('ok2.yaml', minimal), ['training.epochs=3', 'data.image_size=[32, 48]', 'model.loss=l1']);
    expect(config.training.epochs).toBe(3);
    expect(config.data.image_size).toEqual([32, 48]);
    expect(config.model.loss).toBe('l1');
  });

  it('names the file, line and column of a YAML syntax error', () => {
    const file = write('bad-syntax.yaml', 'model:\n  name: conv-ae\ndata: [unclosed\n');
    expect(messageOf(() => loadRunConfig(file))).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: YAML syntax error`));
  });

  it('rejects an unknown key with its full path', () => {
    const file = write('unknown.yaml', `${minimal}training:\n  epoch: 3\n`);
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: unknown key 'training.epoch'`);
  });

  it('rejects a wrong type with the key path', () => {
    const file = write('type.yaml', `${minimal}training:\n  epochs: three\n`);
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: training.epochs: must be integer`);
  });

  it('rejects negative epochs', () => {
    const file = write('neg.yaml', `${minimal}training:\n  epochs: -2\n`);
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: training.epochs: must be >= 1`);
  });

  it('explains the alternatives of a oneOf key', () => {
    const file = write('size.yaml', `${minimal.replace('format: synthetic', 'format: synthetic\n  image_size: big')}`);
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: data.image_size: must be integer from 8 to 4096 or a list of 2 integers`);
  });

  it('checks the model block against the model schema', () => {
    const file = write('model.yaml', 'model:\n  name: conv-ae\n  latent: 8\ndata:\n  format: synthetic\n');
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: unknown key 'model.latent'`);
    const file2 = write('model2.yaml', 'model:\n  name: conv-ae\n  loss: huber\ndata:\n  format: synthetic\n');
    expect(messageOf(() => loadRunConfig(file2))).toBe(`${file2}: model.loss: must be one of "mse", "l1", "ssim", "mse+ssim"`);
  });

  it('rejects an unknown model name, listing the known ones', () => {
    const file = write('unknown-model.yaml', 'model:\n  name: resnet-magic\ndata:\n  format: synthetic\n');
    expect(messageOf(() => loadRunConfig(file))).toMatch(/unknown model 'resnet-magic' \(known: .*conv-ae/);
  });

  it('reports a missing file and a missing required section', () => {
    expect(messageOf(() => loadRunConfig(path.join(dir, 'nope.yaml')))).toMatch(/nope\.yaml: cannot read config: file not found/);
    const file = write('nodata.yaml', 'model:\n  name: conv-ae\n');
    expect(messageOf(() => loadRunConfig(file))).toBe(`${file}: (top level): missing required key 'data'`);
  });

  it('requires data.category for MVTec and validation images for a learned threshold', () => {
    const file = write('mvtec.yaml', 'model:\n  name: conv-ae\ndata:\n  format: mvtec\n');
    expect(messageOf(() => loadRunConfig(file))).toMatch(/data\.category: required/);
    expect(messageOf(() => loadRunConfig(write('v.yaml', minimal), ['data.validation_fraction=0']))).toMatch(/data\.validation_fraction: is 0/);
  });

  it('requires anomalous validation images for target_recall and a share in (0, 1) for the targets', () => {
    const file = write('t.yaml', minimal);
    expect(messageOf(() => loadRunConfig(file, ['evaluation.threshold.strategy=target_recall']))).toMatch(
      /evaluation\.validation\.synthetic_anomalies: must be > 0 for threshold strategy 'target_recall'/,
    );
    expect(loadRunConfig(file, ['evaluation.threshold.strategy=target_recall', 'evaluation.validation.synthetic_anomalies=8']).evaluation.validation)
      .toEqual({ synthetic_anomalies: 8 });
    expect(messageOf(() => loadRunConfig(file, ['evaluation.threshold.target_fpr=1']))).toMatch(/evaluation\.threshold\.target_fpr/);
  });

  it('names the new spelling of a format key that used to sit directly under data', () => {
    const folder = write('old-folder.yaml', 'model:\n  name: conv-ae\ndata:\n  format: folder\n  normal: [a]\n');
    expect(messageOf(() => loadRunConfig(folder))).toBe(`${folder}: data.normal: moved to data.folder.normal (each format's keys live under data.<format>)`);
    const cifar = write('old-cifar.yaml', 'model:\n  name: conv-ae\ndata:\n  format: cifar10\n');
    expect(messageOf(() => loadRunConfig(cifar, ['data.normal_class=3']))).toMatch(/: data\.normal_class: moved to data\.cifar10\.normal_class /);
    expect(loadRunConfig(cifar, ['data.cifar10.normal_class=3']).data).toMatchObject({ cifar10: { normal_class: 3 } });
  });

  it("moves an old run's saved format keys into their block, so old runs still test and resume", () => {
    const saved = write('saved-old.yaml', 'model:\n  name: conv-ae\ndata:\n  format: folder\n  normal: [a]\n  abnormal: [b]\n');
    const data = loadRunConfig(saved, [], { savedRun: true }).data as unknown as Record<string, unknown>;
    expect(data.folder).toMatchObject({ normal: ['a'], abnormal: ['b'] });
    expect(data).not.toHaveProperty('normal');
    const cifar = write('saved-old-cifar.yaml', 'model:\n  name: conv-ae\ndata:\n  format: cifar10\n  normal_class: 4\n');
    expect(loadRunConfig(cifar, [], { savedRun: true }).data).toMatchObject({ cifar10: { normal_class: 4 } });
  });

  it("validates the chosen format's block with its defaults, and only that block", () => {
    const malaria = loadRunConfig(write('malaria.yaml', 'model:\n  name: conv-ae\ndata:\n  format: malaria\n  malaria:\n    test_fraction: 0.3\n'));
    expect(malaria.data).toMatchObject({ malaria: { test_fraction: 0.3, anomalous_validation_fraction: 0, disjoint_anomalies: false } });
    expect(malaria.data).not.toHaveProperty('driving');
    const folder = write('folder.yaml', 'model:\n  name: conv-ae\ndata:\n  format: folder\n');
    expect(messageOf(() => loadRunConfig(folder))).toBe(`${folder}: data.folder: missing required key 'normal'`);
    expect(messageOf(() => loadRunConfig(write('m.yaml', minimal), ['data.malaria.test_fractoin=0.2']))).toMatch(/unknown key 'data\.malaria\.test_fractoin'/);
  });

  it('rejects a malformed --set', () => {
    expect(messageOf(() => loadRunConfig(write('s.yaml', minimal), ['training.epochs']))).toMatch(/--set training\.epochs: expected key\.path=value/);
  });
});
