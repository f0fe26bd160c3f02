import * as tf from '@tensorflow/tfjs';
import { Enum, GraphBuilder, Static, TObject, Type, UserError, withDefaults } from '@anomaly-zoo/core';
import { GraphOutput, scalar } from './graph-ops';

/** How a feature map [N,H,W,C] becomes one vector per image. */
export interface Pooling {
  /**
   * `avg`: the mean over H×W. `gem` (generalised mean, Radenović et al. 2018): (mean over H×W of max(x, ε)^p)^(1/p),
   * ε = 1e-6; p = 1 is the average and p → ∞ the maximum, so a small bright region (a defect) moves it more than
   * it moves the average. The clamp keeps the power defined; MobileNet's ReLU outputs are ≥ 0 anyway.
   */
  kind: (typeof POOLING_KINDS)[number];
  /** The GeM exponent p ≥ 1 (ignored by `avg`). */
  p: number;
  /**
   * Divide each layer's pooled vector by its L2 norm before joining them, so that a layer with larger activations
   * (or more channels) does not dominate the joined vector.
   */
  normaliseLayers: boolean;
}

export const AVERAGE_POOLING: Pooling = { kind: 'avg', p: 1, normaliseLayers: false };

const GEM_EPSILON = 1e-6;

/** How a pooled-feature model pools each layer's map (Pooling.kind). */
export const POOLING_KINDS = ['avg', 'gem'] as const;

/** The config keys of a pooled-feature model (`pooling`, `gem_p`, `normalise_layers`) as they appear in its `model:` block. */
const poolingProperties = {
  pooling: Enum(POOLING_KINDS),
  gem_p: Type.Number({ minimum: 1, maximum: 64 }),
  normalise_layers: Type.Boolean(),
};
export type PoolingConfig = Static<TObject<typeof poolingProperties>>;

/** The schema of those keys, with a model's defaults. */
export function poolingSchemaProperties(defaults: PoolingConfig): typeof poolingProperties {
  return withDefaults(poolingProperties, defaults);
}

export function poolingOf(config: PoolingConfig): Pooling {
  return { kind: config.pooling, p: config.gem_p, normaliseLayers: config.normalise_layers };
}

/** A stable text for cache identities; empty for plain average pooling, so caches made before pooling options existed stay valid. */
export function poolingId(pooling: Pooling): string {
  if (pooling.kind === 'avg' && !pooling.normaliseLayers) return '';
  return JSON.stringify({ pooling: pooling.kind, ...(pooling.kind === 'gem' ? { p: pooling.p } : {}), normaliseLayers: pooling.normaliseLayers });
}

/**
 * One feature row per image: each output pooled over H and W when it is a map ([N,H,W,C]; [N,1,1,C] just
 * reshaped), kept when already [N,C], optionally L2-normalised per layer, then all joined along the FEATURE
 * axis → [N, ΣC].
 */
export function poolAndConcat(outputs: readonly tf.Tensor[], names: readonly string[], pooling: Pooling = AVERAGE_POOLING): tf.Tensor2D {
  return tf.tidy(() => {
    const rows = outputs.map((t, i) => {
      const row = poolOne(t, names[i]!, pooling);
      return pooling.normaliseLayers ? tf.div(row, tf.maximum(tf.norm(row, 'euclidean', 1, true), 1e-12)) : row;
    });
    return (rows.length === 1 ? tf.clone(rows[0]!) : tf.concat(rows, 1)) as tf.Tensor2D;
  });
}

function poolOne(t: tf.Tensor, name: string, pooling: Pooling): tf.Tensor2D {
  if (t.rank === 2) return t as tf.Tensor2D;
  if (t.rank !== 4) throw new UserError(`backbone.layers: '${name}' gives a rank-${t.rank} output [${t.shape}]; expected [N,H,W,C] or [N,C]`);
  const [n, h, w, c] = t.shape as [number, number, number, number];
  if (h === 1 && w === 1) return tf.reshape(t, [n, c]);
  if (pooling.kind === 'avg') return tf.mean(t, [1, 2]);
  return tf.pow(tf.mean(tf.pow(tf.maximum(t, GEM_EPSILON), pooling.p), [1, 2]), 1 / pooling.p) as tf.Tensor2D;
}

/** poolAndConcat() written into `g`, for outputs of known rank (2: kept; 4: pooled over H and W). */
export function exportPoolAndConcat(g: GraphBuilder, outputs: readonly GraphOutput[], names: readonly string[], pooling: Pooling = AVERAGE_POOLING): string {
  const rows = outputs.map((output, i) => {
    const row = exportPoolOne(g, output, names[i]!, pooling);
    if (!pooling.normaliseLayers) return row;
    const [norm] = g.node('ReduceL2', [row], { axes: { ints: [1] }, keepdims: { int: 1 } });
    const [floor] = g.node('Max', [norm!, scalar(g, 1e-12, 'norm_floor')]);
    return g.node('Div', [row, floor!])[0]!;
  });
  return rows.length === 1 ? g.node('Identity', [rows[0]!])[0]! : g.node('Concat', rows, { axis: { int: 1 } })[0]!;
}

function exportPoolOne(g: GraphBuilder, output: GraphOutput, name: string, pooling: Pooling): string {
  if (output.rank === 2) return output.name;
  if (output.rank !== 4) throw new UserError(`backbone.layers: '${name}' gives a rank-${output.rank} output; expected [N,H,W,C] or [N,C]`);
  // The mean over a 1×1 map is the value itself, as poolOne's reshape takes it.
  const mean = (x: string): string => g.node('ReduceMean', [x], { axes: { ints: [1, 2] }, keepdims: { int: 0 } })[0]!;
  if (pooling.kind === 'avg') return mean(output.name);
  const [clamped] = g.node('Max', [output.name, scalar(g, GEM_EPSILON, 'gem_epsilon')]);
  const [powered] = g.node('Pow', [clamped!, scalar(g, pooling.p, 'gem_p')]);
  return g.node('Pow', [mean(powered!), scalar(g, 1 / pooling.p, 'gem_inverse_p')])[0]!;
}

/** Checks each output is an [N,H,W,C] map, for spatial(). */
export function asMaps(outputs: tf.Tensor[], names: readonly string[]): tf.Tensor4D[] {
  outputs.forEach((t, i) => {
    if (t.rank !== 4) {
      throw new UserError(`backbone.layers: '${names[i]}' gives a rank-${t.rank} output [${t.shape}], not a spatial map [N,H,W,C]`);
    }
  });
  return outputs as tf.Tensor4D[];
}
