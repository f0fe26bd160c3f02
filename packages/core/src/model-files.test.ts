import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { directoryIO } from './model-files';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'az-io-'));
}

function tinyModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  return model;
}

describe('directoryIO', () => {
  it('saves a LayersModel as model.json + weights.bin and loads it back with identical outputs', async () => {
    const dir = tempDir();
    const model = tinyModel();
    await model.save(directoryIO(dir));
    expect(fs.readdirSync(dir).sort()).toEqual(['model.json', 'weights.bin']);
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe((3 * 2 + 2) * 4);

    const loaded = await tf.loadLayersModel(directoryIO(dir));
    const x = tf.tensor2d([[1, 2, 3], [-1, 0, 0.5]]);
    expect(Array.from(await (loaded.predict(x) as tf.Tensor).data())).toEqual(Array.from(await (model.predict(x) as tf.Tensor).data()));
  });

  it('reads weights split over several shards, in manifest order', async () => {
    const dir = tempDir();
    const model = tinyModel();
    await model.save(directoryIO(dir));
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    const bytes = fs.readFileSync(path.join(dir, 'weights.bin'));
    fs.writeFileSync(path.join(dir, 'shard-a'), bytes.subarray(0, 10));
    fs.writeFileSync(path.join(dir, 'shard-b'), bytes.subarray(10));
    json.weightsManifest[0].paths = ['shard-a', 'shard-b'];
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
    fs.rmSync(path.join(dir, 'weights.bin'));

    const loaded = await tf.loadLayersModel(directoryIO(dir));
    const expected = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(loaded.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(expected);
  });

  it('names the directory when model.json is missing, and the shard when one is missing', async () => {
    const empty = tempDir();
    await expect(tf.loadLayersModel(directoryIO(empty))).rejects.toThrow(new UserError(`${path.join(empty, 'model.json')}: no model.json in this directory`));

    const dir = tempDir();
    await tinyModel().save(directoryIO(dir));
    fs.rmSync(path.join(dir, 'weights.bin'));
    await expect(tf.loadLayersModel(directoryIO(dir))).rejects.toThrow(/weights\.bin: weight shard named in model\.json is missing/);
  });

  it('names the file when model.json is not JSON', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'model.json'), '{ not json');
    await expect(tf.loadLayersModel(directoryIO(dir))).rejects.toThrow(/model\.json: not valid JSON/);
  });
});
