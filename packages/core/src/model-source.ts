import * as tf from '@tensorflow/tfjs';
import { UserError } from './errors';
import { MANIFEST_FILE } from './run-layout';
import { weightBytes } from './weight-bytes';

/**
 * Where a saved model's files are read from: a directory (Node), a URL (fetch), or files a page was given. Loading
 * reads named files through it and nothing else, so every model loads from all three the same way. This module uses
 * no Node built-in: browsers import it.
 */
export interface ModelSource {
  /** The directory or URL, for messages. */
  readonly location: string;
  /** `name` inside the source as a user would recognise it (a path or a URL), for messages. */
  describe(name: string): string;
  /** The bytes of the file `name` (a relative path with '/' separators), or undefined when the source has none. */
  read(name: string): Promise<Uint8Array | undefined>;
  /** The source of a sub-folder, for models saved as several networks. */
  child(name: string): ModelSource;
}

/**
 * A relative path inside a saved model, checked before any source resolves it: a manifest must not make a loader read
 * outside its own model (no absolute paths, no URLs, no '..' segments).
 */
export function checkRelativeName(name: unknown, manifest: string, what = 'file'): string {
  if (typeof name !== 'string' || name === '') throw new UserError(`${manifest}: a ${what} name must be a non-empty string`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.startsWith('/') || name.startsWith('\\') || name.split(/[\\/]/).some((part) => part === '..')) {
    throw new UserError(`${manifest}: ${what} '${name}' lies outside the model directory; refused`);
  }
  return name;
}

/** The bytes of `name`, or a one-line error naming it (`what` says what was expected there). */
export async function readRequired(source: ModelSource, name: string, what: string): Promise<Uint8Array> {
  const bytes = await source.read(name);
  if (bytes === undefined) throw new UserError(`${source.describe(name)}: missing (${what})`);
  return bytes;
}

/** A JSON file of the source, parsed; undefined when there is none, a one-line error when it is not JSON. */
export async function readSourceJson(source: ModelSource, name: string): Promise<unknown> {
  const bytes = await source.read(name);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new UserError(`${source.describe(name)}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The JSON half of a saved model's state, checked to be of `kind` and `version` (or one of the versions listed;
 * `what` names the model in errors).
 */
export async function readSavedState<T extends { kind: string; version: number }>(
  source: ModelSource, name: string, kind: T['kind'], version: T['version'] | readonly T['version'][], what: string,
): Promise<T> {
  const json = (await readSourceJson(source, name)) as T | undefined;
  if (json === undefined) throw new UserError(`${source.describe(name)}: missing (not a saved ${what} model)`);
  const versions: readonly number[] = Array.isArray(version) ? version : [version];
  if (json?.kind !== kind || !versions.includes(json.version)) {
    throw new UserError(`${source.describe(name)}: expected kind '${kind}' version ${versions.join(' or ')}`);
  }
  return json;
}

/** Float32 little-endian values written back to back (saved model parameters), exactly `expected` of them. */
export async function readSourceFloat32(source: ModelSource, name: string, expected: number, what: string): Promise<Float32Array> {
  const raw = await readRequired(source, name, what);
  if (raw.byteLength !== expected * 4) throw new UserError(`${source.describe(name)}: ${raw.byteLength} bytes, expected ${expected * 4} for ${what}`);
  const values = new Float32Array(expected);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  // DataView reads little-endian on any host, so a model saved here loads on a big-endian machine too.
  for (let i = 0; i < expected; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

const MODEL_JSON = 'model.json';

/**
 * A tfjs IOHandler that loads `model.json` and its weight shards from a source (LayersModel and GraphModel formats),
 * checking that the shards hold exactly the bytes the manifest's weights need.
 */
export function sourceIO(source: ModelSource): tf.io.IOHandler {
  return { load: () => loadArtifacts(source) };
}

async function loadArtifacts(source: ModelSource): Promise<tf.io.ModelArtifacts> {
  const jsonName = source.describe(MODEL_JSON);
  const modelJson = (await readSourceJson(source, MODEL_JSON)) as tf.io.ModelJSON | undefined;
  if (modelJson === undefined) throw new UserError(`${jsonName}: no model.json in this ${source.location.includes('://') ? 'location' : 'directory'}`);
  if (!Array.isArray(modelJson.weightsManifest ?? [])) throw new UserError(`${jsonName}: weightsManifest must be a list`);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) throw new UserError(`${jsonName}: each weightsManifest group needs 'paths' and 'weights' lists`);
    specs.push(...group.weights);
    for (const shard of group.paths) {
      const bytes = await source.read(checkRelativeName(shard, jsonName, 'weight file'));
      if (bytes === undefined) throw new UserError(`${source.describe(shard)}: weight shard named in ${MODEL_JSON} is missing`);
      shards.push(bytes);
    }
  }
  const total = shards.reduce((sum, s) => sum + s.byteLength, 0);
  const expected = weightBytes(specs, jsonName);
  if (total !== expected) {
    throw new UserError(`${jsonName}: the weight files hold ${total} bytes but the manifest's weights need ${expected} (truncated or foreign weights)`);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    joined.set(shard, offset);
    offset += shard.byteLength;
  }
  return {
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    signature: modelJson.signature,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    modelInitializer: modelJson.modelInitializer,
    trainingConfig: modelJson.trainingConfig,
    weightSpecs: specs,
    weightData: joined.buffer,
  };
}

/** Joins a relative name onto a folder location with '/' (URLs and browser file paths). */
function joinName(base: string, name: string): string {
  return base === '' ? name : `${base.replace(/\/+$/, '')}/${name}`;
}

/**
 * A saved model served over http(s) (or any URL `fetch` understands): `url` is the model folder, e.g.
 * `https://host/runs/padim/model/`. A 404 is a missing file; any other failure is an error naming the URL.
 */
export function urlSource(url: string, fetchImpl: typeof fetch = globalThis.fetch): ModelSource {
  if (typeof fetchImpl !== 'function') throw new Error('urlSource: no fetch in this JavaScript runtime (Node 18+ or a browser has one)');
  const base = url.endsWith('/') ? url : `${url}/`;
  return {
    location: base,
    describe: (name) => joinName(base, name),
    async read(name) {
      const target = joinName(base, checkRelativeName(name, base));
      let response: Response;
      try {
        response = await fetchImpl(target);
      } catch (error) {
        throw new UserError(`${target}: cannot fetch (${(error as Error).message})`);
      }
      if (response.status === 404) return undefined;
      if (!response.ok) throw new UserError(`${target}: HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    child: (name) => urlSource(joinName(base, checkRelativeName(name, base)), fetchImpl),
  };
}

/** What a browser's `<input type="file">` gives (a File); `webkitRelativePath` is set when a folder was picked. */
export interface NamedBlob {
  readonly name: string;
  readonly webkitRelativePath?: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * The files a page was given (the `tf.io.browserFiles` way): picked one by one (flat names) or as a folder, in which
 * case names are taken relative to the folder that holds `anomaly-zoo.json` (else to the folder all files share).
 */
export function filesSource(files: Iterable<NamedBlob>, location = 'selected files'): ModelSource {
  const byPath = new Map<string, NamedBlob>();
  for (const file of files) byPath.set(file.webkitRelativePath || file.name, file);
  return folderOf(byPath, modelFolder([...byPath.keys()]), location);
}

function modelFolder(paths: readonly string[]): string {
  const folders = paths.map((p) => p.split('/').slice(0, -1));
  const manifests = folders.filter((_, i) => paths[i]!.split('/').pop() === MANIFEST_FILE);
  if (manifests.length > 0) return manifests.reduce((a, b) => (b.length < a.length ? b : a)).join('/');
  const shared = folders[0] ?? [];
  let depth = 0;
  while (depth < shared.length && folders.every((f) => f[depth] === shared[depth])) depth++;
  return shared.slice(0, depth).join('/');
}

function folderOf(byPath: ReadonlyMap<string, NamedBlob>, folder: string, location: string): ModelSource {
  const shown = joinName(location, folder);
  return {
    location: shown,
    describe: (name) => joinName(shown, name),
    async read(name) {
      const file = byPath.get(joinName(folder, checkRelativeName(name, shown)));
      return file ? new Uint8Array(await file.arrayBuffer()) : undefined;
    },
    child: (name) => folderOf(byPath, joinName(folder, checkRelativeName(name, shown)), location),
  };
}
