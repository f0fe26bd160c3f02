import { AnomalyModel, GraphBuilder, GraphExportUnsupported, GraphHeads, Preprocessing } from '@anomaly-zoo/core';
import { OnnxGraph } from './onnx-graph';

/** What a saved model decides with, beside its scoring: the same numbers tools/predict reads from anomaly-zoo.json. */
export interface ScoringDecision {
  /** Anomalous strictly above this raw score. */
  threshold: number;
  /** Min-max normalisation: (score − threshold) / (max − min) + ½, clamped to [0, 1]. */
  normalisation: { threshold: number; min: number; max: number };
}

export interface ScoringGraphInfo extends ScoringDecision {
  /** The registered model's name. */
  model: string;
  preprocessing: Preprocessing;
  /** Further metadata properties (e.g. the model config as JSON). */
  metadata?: Readonly<Record<string, string>>;
}

/** The names of the exported graph's input and outputs. */
export const SCORING_INPUT = 'image';
export const SCORING_OUTPUTS = { score: 'score', normalisedScore: 'normalised_score', label: 'label', anomalyMap: 'anomaly_map' } as const;

/**
 * One self-contained ONNX model of a fitted model's whole scoring: input `image` [batch, H, W, C] float32 in [0, 1] at
 * the preprocessing size; outputs `score` [batch] (raw, as score() gives it), `normalised_score` [batch],
 * `label` [batch] (1 = anomalous, 0 = normal; float32) and, for models that make maps, `anomaly_map` [batch, H, W]
 * (raw, as score() gives it). Preprocessing, threshold and normalisation are in the metadata properties too.
 * Throws GraphExportUnsupported naming the missing op when the model's scoring cannot be written yet.
 */
export async function exportScoringGraph(model: AnomalyModel, info: ScoringGraphInfo): Promise<Uint8Array> {
  const { g, heads } = await scoringGraph(model, info.model, info.preprocessing);
  const decision = decisionHeads(g, heads.score, info);
  g.output(SCORING_OUTPUTS.normalisedScore, decision.normalised, ['batch']);
  g.output(SCORING_OUTPUTS.label, decision.label, ['batch']);
  const metadata: Record<string, string> = {
    model: info.model,
    preprocessing: JSON.stringify(info.preprocessing),
    input_range: '[0, 1]',
    input_layout: 'NHWC',
    threshold: String(info.threshold),
    normalisation: JSON.stringify(info.normalisation),
    outputs: JSON.stringify(Object.values(SCORING_OUTPUTS).filter((name) => heads.map || name !== SCORING_OUTPUTS.anomalyMap)),
    ...info.metadata,
  };
  for (const [key, value] of Object.entries(metadata)) g.metadata(key, value);
  return g.encode();
}

/**
 * The raw scoring alone, before any threshold exists (e.g. scoring validation images right after a fit): input
 * `image`, outputs `score` and, for models that make maps, `anomaly_map`, as in exportScoringGraph.
 */
export async function exportRawScoringGraph(model: AnomalyModel, name: string, preprocessing: Preprocessing): Promise<{ onnx: Uint8Array; hasMap: boolean }> {
  const { g, heads } = await scoringGraph(model, name, preprocessing);
  return { onnx: g.encode(), hasMap: heads.map !== undefined };
}

async function scoringGraph(model: AnomalyModel, name: string, preprocessing: Preprocessing): Promise<{ g: OnnxGraph; heads: GraphHeads }> {
  if (!model.exportGraph) throw new GraphExportUnsupported(`the scoring of ${name} (it has no graph export)`);
  const { height, width, channels } = preprocessing;
  const g = new OnnxGraph(name.replace(/[^A-Za-z0-9_]/g, '_'));
  const image = g.input(SCORING_INPUT, ['batch', height, width, channels]);
  const heads = await model.exportGraph(g, image);
  g.output(SCORING_OUTPUTS.score, heads.score, ['batch']);
  if (heads.map) g.output(SCORING_OUTPUTS.anomalyMap, heads.map, ['batch', height, width]);
  return { g, heads };
}

/**
 * The threshold and the normalisation as nodes, as tools/predict computes them (eval's normalise): anomalous when
 * score > threshold; normalised = clamp((score − t) / (max − min) + ½, 0, 1), or the step 0 / ½ / 1 around t
 * when max = min.
 */
function decisionHeads(g: GraphBuilder, score: string, decision: ScoringDecision): { normalised: string; label: string } {
  const constant = (value: number) => g.constant({ float32: Float32Array.of(value), dims: [] });
  const one = (type: string, inputs: string[], attributes?: Parameters<GraphBuilder['node']>[2]) => g.node(type, inputs, attributes)[0] as string;
  const toFloat = (x: string) => one('Cast', [x], { to: { int: 1 } });
  const { threshold, min, max } = decision.normalisation;
  const above = toFloat(one('Greater', [score, constant(decision.threshold)]));
  const range = max - min;
  let normalised: string;
  if (range > 0) {
    const shifted = one('Add', [one('Div', [one('Sub', [score, constant(threshold)]), constant(range)]), constant(0.5)]);
    normalised = one('Clip', [shifted, constant(0), constant(1)]);
  } else {
    const below = toFloat(one('Less', [score, constant(threshold)]));
    // 1 above, 0 below, ½ at the threshold: ½ + ½·(above − below).
    normalised = one('Add', [constant(0.5), one('Mul', [constant(0.5), one('Sub', [toFloat(one('Greater', [score, constant(threshold)])), below])])]);
  }
  return { normalised, label: above };
}
