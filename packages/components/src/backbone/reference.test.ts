import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserError } from '@anomaly-zoo/core';
import type { BackboneConfig } from './config';
import { loadBackbone } from './config';
import { FeatureExtractor } from './feature-extractor';
import { BackboneRef, checkSameBackbone, extractorId, readBackboneRef, upgradeState } from './reference';
import { describeWithModel } from './test-utils/models';

const REF: BackboneRef = {
  source: 'local',
  location: '/models/mobilenet_v1_0.25_224',
  modelJsonSha256: 'ab12',
  layers: ['conv_pw_5_relu', 'conv_pw_11_relu'],
  inputSize: 224,
  inputRange: [-1, 1],
};
// The id string FeatureExtractor wrote before the reference existed (what PaDiM and PatchCore saved as backboneId).
const OLD_ID =
  '{"backbone":1,"source":"local","location":"/models/mobilenet_v1_0.25_224","modelJsonSha256":"ab12",' +
  '"layers":["conv_pw_5_relu","conv_pw_11_relu"],"inputSize":224,"inputRange":[-1,1]}';

describe('the backbone reference', () => {
  it('gives the extractor id of old, byte for byte, so feature caches still hit', () => {
    expect(extractorId(REF)).toBe(OLD_ID);
    expect(extractorId({ ...REF, implementation: 'fused' }, 'onnxruntime')).toBe(`${OLD_ID.slice(0, -1)},"implementation":"fused","engine":"onnxruntime"}`);
  });

  it('reads every saved form: a reference, the id string of PaDiM/PatchCore v1, DFKDM v1/v2 {spec, id}', () => {
    expect(readBackboneRef(REF, 'm.json')).toEqual(REF);
    expect(readBackboneRef(OLD_ID, 'm.json')).toEqual(REF);
    const withEngine = JSON.stringify({ ...JSON.parse(OLD_ID), implementation: 'fused', engine: 'onnxruntime' });
    expect(readBackboneRef({ spec: { source: 'local', path: REF.location, layers: REF.layers }, id: withEngine }, 'm.json')).toEqual({ ...REF, implementation: 'fused' });
  });

  it('names the file and the key of a reference it cannot read', () => {
    expect(() => readBackboneRef('{not json', 'run/padim.json')).toThrow(/^run\/padim\.json: the backbone id is not JSON/);
    expect(() => readBackboneRef({ ...REF, layers: [] }, 'run/padim.json')).toThrow(/^run\/padim\.json: backbone\.layers: not a valid value \(\[\]\)$/);
    expect(() => readBackboneRef({ ...REF, inputRange: [0] }, 'f')).toThrow(/backbone\.inputRange/);
    expect(() => readBackboneRef({ ...REF, source: 'web' }, 'f')).toThrow(UserError);
    expect(() => readBackboneRef(undefined, 'f')).toThrow(/^f: backbone: expected a backbone reference/);
  });

  it('upgrades a version-1 state (id string and layers) to the reference form and leaves the rest alone', () => {
    type State = { kind: 'x'; version: 2; backbone: BackboneRef; grid: number };
    const old = { kind: 'x' as const, version: 1 as const, backboneId: OLD_ID, layers: REF.layers, grid: 7 };
    expect(upgradeState<State>(old, 'x.json')).toEqual({ kind: 'x', version: 2, backbone: REF, grid: 7 });
    expect(upgradeState<State>({ kind: 'x', version: 2, backbone: REF, grid: 7 }, 'x.json')).toEqual({ kind: 'x', version: 2, backbone: REF, grid: 7 });
  });

  it('takes a backbone found elsewhere for the same network, and names what differs in another one', () => {
    expect(() => checkSameBackbone('f', { ...REF, location: '/elsewhere/mobilenet_v1_0.25_224' }, REF)).not.toThrow();
    const other = { ...REF, layers: ['conv_pw_5_relu'], modelJsonSha256: 'cd34' };
    expect(() => checkSameBackbone('run/model/padim.json', other, REF)).toThrow(
      'run/model/padim.json: the backbone found at /models/mobilenet_v1_0.25_224 is not the one this model was fitted with (/models/mobilenet_v1_0.25_224): ' +
        'modelJsonSha256 "cd34" (fitted: "ab12"); layers ["conv_pw_5_relu"] (fitted: ["conv_pw_5_relu","conv_pw_11_relu"])',
    );
    expect(() => checkSameBackbone('f', { ...REF, implementation: 'fused' }, REF)).toThrow(/implementation "fused" \(fitted: none\)/);
  });
});

describeWithModel('mobilenet_v1_0.25_224', 'loading the backbone a saved model was fitted with', (dir) => {
  const layers = ['conv_pw_5_relu'];
  const config = (overrides: Partial<BackboneConfig> = {}): BackboneConfig => ({
    source: 'local', path: dir, model: 'mobilenet_v1_0.25_224', version: 1, alpha: 0.25, layers, input_size: 224, fallback_to_hub: false, ...overrides,
  });

  it('loads it where the config points and refuses a config that asks for another network', async () => {
    const fitted = await FeatureExtractor.load({ source: 'local', path: dir, layers, inputSize: 224 });
    const loaded = await loadBackbone(fitted.ref, config(), 'm.json', { log: () => undefined, batchSize: 3 });
    expect(loaded.ref).toEqual(fitted.ref);
    expect(loaded.id).toBe(fitted.id);
    loaded.dispose();
    await expect(loadBackbone(fitted.ref, config({ input_size: 128 }), 'run/m.json', { log: () => undefined })).rejects.toThrow(
      /^run\/m\.json: the backbone found at .* is not the one this model was fitted with .*inputSize 128 \(fitted: 224\)$/,
    );
    fitted.dispose();
  });

  it('falls back to the directory it was fitted from when the configured place holds no model', async () => {
    const fitted = await FeatureExtractor.load({ source: 'local', path: dir, layers, inputSize: 224 });
    const notes: string[] = [];
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'az-no-model-'));
    const loaded = await loadBackbone(fitted.ref, config({ path: gone }), 'm.json', { log: (m) => notes.push(m) });
    expect(loaded.ref).toEqual(fitted.ref);
    expect(notes).toContainEqual(expect.stringMatching(new RegExp(`^backbone: model.backbone.path: no model.json in ${gone}; using ${dir}, recorded in m.json$`)));
    loaded.dispose();
    // Neither place holds it: the config's error stands.
    await expect(loadBackbone({ ...fitted.ref, location: path.join(gone, 'x') }, config({ path: gone }), 'm.json', { log: () => undefined })).rejects.toThrow(/no model\.json in/);
    fitted.dispose();
  });
});
