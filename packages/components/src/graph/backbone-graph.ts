import * as tf from '@tensorflow/tfjs';
import { GraphBuilder, GraphExportUnsupported, Preprocessing } from '@anomaly-zoo/core';
import type { FeatureExtractor } from '../backbone/feature-extractor';
import type { GraphMap } from './feature-graph';

/** A feature extractor that can write itself into a graph: image NHWC in [0, 1] → its layers' outputs, in layer order. */
interface ExportableExtractor {
  exportGraph?(g: GraphBuilder, input: string): Promise<readonly string[]> | readonly string[];
}

/**
 * The backbone's layer maps of the graph's image input, with their per-image shapes at this preprocessing (found by
 * running the extractor once on a blank image, so they are exactly the shapes tfjs scoring sees).
 */
export async function backboneMapsGraph(extractor: FeatureExtractor, g: GraphBuilder, input: string, pre: Preprocessing): Promise<GraphMap[]> {
  const exportable = extractor as unknown as ExportableExtractor;
  if (typeof exportable.exportGraph !== 'function') throw new GraphExportUnsupported('the pretrained backbone network');
  const shapes = tf.tidy(() => {
    const blank = tf.zeros([1, pre.height, pre.width, pre.channels]) as tf.Tensor4D;
    return extractor.spatial(blank).map((m) => [m.shape[1], m.shape[2], m.shape[3]] as [number, number, number]);
  });
  const names = await exportable.exportGraph(g, input);
  if (names.length !== shapes.length) throw new Error(`backbone graph gives ${names.length} outputs for ${shapes.length} layers`);
  return names.map((name, i) => ({ name, shape: shapes[i]! }));
}
