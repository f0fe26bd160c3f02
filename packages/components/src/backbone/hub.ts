import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { describeError, directoryIO, UserError, writeDirAtomic } from '@anomaly-zoo/core';
import { defaultCacheRoot } from '../feature-cache';

const TFHUB = 'https://tfhub.dev/';
const ALPHAS: Record<1 | 2, number[]> = { 1: [0.25, 0.5, 0.75, 1.0], 2: [0.5, 0.75, 1.0] };

/** The node `@tensorflow-models/mobilenet` reads for `infer(img, true)`, per version. */
export const HUB_EMBEDDING_NODES: Record<1 | 2, string> = {
  1: 'module_apply_default/MobilenetV1/Logits/global_pool',
  2: 'module_apply_default/MobilenetV2/Logits/AvgPool',
};

/** One of the MobileNets `@tensorflow-models/mobilenet` 2.1.1 publishes (its MODEL_INFO). */
export interface HubModel {
  version: 1 | 2;
  alpha: number;
  /** Path under tfhub.dev, e.g. `google/imagenet/mobilenet_v1_025_224/classification/1`. */
  hubPath: string;
  /** The published URL, as the npm package names it (what identifies the model, whatever mirror served it). */
  url: string;
  /** Folder name under the cache directory. */
  key: string;
}

export function hubModel(version: 1 | 2 = 1, alpha = 1.0): HubModel {
  if (version !== 1 && version !== 2) throw new UserError(`backbone.version: must be 1 or 2, got ${JSON.stringify(version)}`);
  if (!ALPHAS[version].includes(alpha)) {
    throw new UserError(`backbone.alpha: MobileNet V${version} is published with alpha ${ALPHAS[version].join(', ')}; got ${alpha}`);
  }
  const name = `mobilenet_v${version}_${String(Math.round(alpha * 100)).padStart(3, '0')}_224`;
  const hubPath = `google/imagenet/${name}/classification/${version === 1 ? 1 : 2}`;
  return { version, alpha, hubPath, url: TFHUB + hubPath, key: `${name}-classification-${version === 1 ? 1 : 2}` };
}

/**
 * The model.json URL to download. `base` (else env ANOMALY_ZOO_HUB_URL, else https://tfhub.dev/) is either a full
 * model.json URL, used as is, or a base laid out like tfhub.dev, to which the model's path is appended.
 */
export function hubModelJsonUrl(model: HubModel, base = process.env.ANOMALY_ZOO_HUB_URL || TFHUB): string {
  if (/\.json$/i.test(base.split('?')[0]!)) return base;
  return `${base.endsWith('/') ? base : base + '/'}${model.hubPath}/model.json?tfjs-format=file`;
}

/** `$ANOMALY_ZOO_CACHE/models`, else `~/.cache/anomaly-zoo/models`. */
export function defaultModelCacheDir(): string {
  return path.join(defaultCacheRoot(), 'models');
}

export interface HubFetchOptions {
  cacheDir: string;
  hubUrl?: string;
  timeoutMs?: number;
  log?: (message: string) => void;
}

/**
 * The local directory of a hub model: `<cacheDir>/<key>/` when a copy is there (no network then), else downloaded
 * once, saved there (model.json + weights, swapped into place whole) and returned.
 */
export async function ensureHubModel(model: HubModel, options: HubFetchOptions): Promise<string> {
  const dir = path.join(options.cacheDir, model.key);
  if (fs.existsSync(path.join(dir, 'model.json'))) return dir;
  const url = hubModelJsonUrl(model, options.hubUrl);
  options.log?.(`backbone: downloading ${url} into ${dir}`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    const handler = tf.io.http(url, { requestInit: { signal } });
    if (!handler.load) throw new Error('tfjs gave an HTTP handler that cannot load');
    artifacts = await handler.load();
    if (!artifacts.modelTopology || !artifacts.weightData) throw new Error('the response has no model topology or weights');
  } catch (error) {
    throw new UserError(
      `backbone: could not download MobileNet V${model.version} alpha ${model.alpha} from ${url} (${reason(error)}) ` +
        `and there is no cached copy in ${dir}; use source: 'local' with path ../shared/models/<model> ` +
        `(or $ANOMALY_ZOO_MODELS), or set ANOMALY_ZOO_HUB_URL to a mirror`,
    );
  }
  try {
    await writeDirAtomic(dir, async (temp) => {
      const handler = directoryIO(temp);
      if (!handler.save) throw new Error('directoryIO cannot save');
      await handler.save(artifacts);
    });
  } catch (error) {
    throw new UserError(`${dir}: could not write the downloaded model into the cache (${reason(error)}); set backbone.cacheDir to a writable folder`);
  }
  return dir;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  const message = describeError(error);
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}
