import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { filesSource, readSourceFloat32, sourceIO, urlSource } from './model-source';

/** A fetch over a table of URL → bytes or HTTP status, recording what was asked for. */
function tableFetch(table: Record<string, Uint8Array | number>, asked: string[]): typeof fetch {
  return (async (input: string) => {
    asked.push(input);
    const entry = table[input];
    if (entry === undefined) return new Response(null, { status: 404 });
    if (typeof entry === 'number') return new Response(null, { status: entry, statusText: 'Server Error' });
    return new Response(new Uint8Array(entry));
  }) as unknown as typeof fetch;
}

async function tinyArtifacts(): Promise<{ modelJson: Uint8Array; weights: Uint8Array; model: tf.LayersModel }> {
  const model = tf.sequential();
  model.add(tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }));
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const json = { modelTopology: saved!.modelTopology, format: saved!.format, weightsManifest: [{ paths: ['w.bin'], weights: saved!.weightSpecs }] };
  return { modelJson: new TextEncoder().encode(JSON.stringify(json)), weights: new Uint8Array(tf.io.CompositeArrayBuffer.join(saved!.weightData!)), model };
}

describe('urlSource', () => {
  it('loads a LayersModel from a model folder URL with identical outputs, fetching only its files', async () => {
    const { modelJson, weights, model } = await tinyArtifacts();
    const asked: string[] = [];
    const source = urlSource('https://host/run/model', tableFetch({ 'https://host/run/model/model.json': modelJson, 'https://host/run/model/w.bin': weights }, asked));
    const loaded = await tf.loadLayersModel(sourceIO(source));
    const x = tf.tensor2d([[1, 2, 3]]);
    expect(Array.from(await (loaded.predict(x) as tf.Tensor).data())).toEqual(Array.from(await (model.predict(x) as tf.Tensor).data()));
    expect(asked).toEqual(['https://host/run/model/model.json', 'https://host/run/model/w.bin']);
  });

  it('treats 404 as missing, names the URL for other HTTP errors, and refuses names leaving the folder', async () => {
    const source = urlSource('https://host/m/', tableFetch({ 'https://host/m/broken.bin': 500 }, []));
    expect(await source.read('absent.json')).toBeUndefined();
    await expect(readSourceFloat32(source, 'absent.bin', 1, 'one value')).rejects.toThrow('https://host/m/absent.bin: missing (one value)');
    await expect(source.read('broken.bin')).rejects.toThrow('https://host/m/broken.bin: HTTP 500 Server Error');
    await expect(source.read('../other/model.json')).rejects.toThrow(UserError);
    await expect(source.read('https://elsewhere/x.bin')).rejects.toThrow(/lies outside the model directory/);
    expect(source.child('encoder').describe('model.json')).toBe('https://host/m/encoder/model.json');
  });
});

describe('filesSource', () => {
  const blob = (name: string, text: string, relative = ''): File => {
    const file = new File([text], name);
    Object.defineProperty(file, 'webkitRelativePath', { value: relative });
    return file;
  };

  it('reads files picked one by one by their names', async () => {
    const source = filesSource([blob('a.json', '{"x":1}'), blob('b.bin', 'bytes')]);
    expect(new TextDecoder().decode(await source.read('a.json'))).toBe('{"x":1}');
    expect(await source.read('c.json')).toBeUndefined();
  });

  it('takes a picked folder relative to the folder holding anomaly-zoo.json, sub-folders included', async () => {
    const source = filesSource([
      blob('anomaly-zoo.json', '{}', 'run/model/anomaly-zoo.json'),
      blob('model.json', 'encoder', 'run/model/encoder/model.json'),
      blob('config.yaml', 'seed: 1', 'run/config.yaml'),
    ]);
    expect(await source.read('anomaly-zoo.json')).toBeDefined();
    expect(new TextDecoder().decode(await source.child('encoder').read('model.json'))).toBe('encoder');
    expect(await source.read('config.yaml')).toBeUndefined();
    expect(source.describe('padim.bin')).toBe('selected files/run/model/padim.bin');
  });
});
