import * as tf from '@tensorflow/tfjs';
import { BatchSource, createRng, GraphBuilder, GraphHeads, ModelContext, ScoreOptions, ScoreResult, SinglePassModel, UserError } from '@anomaly-zoo/core';
import {
  anomalyMaps, anomalyMapsGraph, backboneMapsGraph, concatOnGridGraph, FittedBackboneModel, floats, localAverageGraph, mapsToArrays, nearestBankGraph, op, reshape,
} from '@anomaly-zoo/components';
import { reweightedScoreGraph } from './reweighting-graph';
import type { PatchcoreConfig } from './config';
import { imageScores } from './image-score';
import { selectBank } from './memory-bank';
import { nearestNeighbours } from './nearest-neighbours';
import { extractPatches, PatchLayout, patchFeatures, planPatchLayout } from './patch-features';
import { gaussianProjection } from './random-projection';
import { PATCHCORE_STATE, PatchcoreState } from './saved-state';

/**
 * PatchCore (Roth et al. 2022): a memory bank of locally aware patch features from normal images, reduced by a
 * greedy coreset; the anomaly map is each test patch's distance to its nearest bank patch, upsampled and smoothed,
 * and the image score the largest patch distance, reweighted by how isolated its match is in the bank.
 */
export class PatchcoreModel extends FittedBackboneModel<PatchcoreState, PatchcoreConfig> implements SinglePassModel {
  protected readonly format = PATCHCORE_STATE;

  async fit(train: BatchSource, ctx: ModelContext): Promise<void> {
    const rng = createRng(ctx.seed);
    const projectionSeed = rng.seed();
    const coresetSeed = rng.seed();
    let layout: PatchLayout | undefined;
    let projection: tf.Tensor2D | undefined;
    const pieces: tf.Tensor2D[] = [];
    const started = Date.now();
    try {
      const images = await this.eachTrainingMaps(train, (maps) => {
        layout ??= planPatchLayout(maps, this.config.aggregation_size, this.config.feature_resize);
        projection ??= this.newProjection(layout, projectionSeed);
        pieces.push(this.project(patchFeatures(maps, layout), projection));
      });
      if (!layout || images === 0) throw new UserError('PatchCore needs at least 1 training image, got 0');
      const { coreset } = this.config;
      const extracted = Date.now();
      const bank = selectBank(pieces, { ratio: coreset.ratio, maxSize: coreset.max_size, projectionDims: coreset.projection_dims, seed: coresetSeed });
      const patches = pieces.reduce((sum, p) => sum + p.shape[0], 0);
      const seconds = (ms: number) => (ms / 1000).toFixed(1);
      ctx.log(
        `patchcore: ${images} images, ${layout.grid}×${layout.grid} grid, bank of ${bank.shape[0]} of ${patches} patches × ${bank.shape[1]} dims ` +
        `(features ${seconds(extracted - started)} s, coreset ${seconds(Date.now() - extracted)} s)`,
      );
      this.state = {
        json: {
          kind: 'patchcore', version: 2, backbone: await this.backboneRef(), layout,
          projectionDims: projection ? projection.shape[1] : 0, dims: bank.shape[1], bankSize: bank.shape[0], patches,
          preprocessing: ctx.preprocessing,
        },
        projection,
        bank,
      };
    } catch (error) {
      projection?.dispose();
      throw error;
    } finally {
      pieces.forEach((p) => p.dispose());
    }
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    const state = this.fitted();
    const extractor = await this.backbone();
    const [n, height, width] = x.shape;
    const { grid } = state.json.layout;
    const patches = this.project(await extractPatches(extractor, x, state.json.layout), state.projection);
    const nearest = nearestNeighbours(patches, state.bank, 1, this.config.chunk_size);
    const patchScores = tf.reshape(nearest.distances, [n, grid * grid]) as tf.Tensor2D;
    const matches = tf.reshape(nearest.indices, [-1]) as tf.Tensor1D;
    nearest.distances.dispose();
    nearest.indices.dispose();
    try {
      const scores = await imageScores(patchScores, patches, matches, state.bank, this.config.num_neighbors, this.config.chunk_size);
      const result: ScoreResult = { scores };
      if (options.maps) {
        const maps = anomalyMaps(patchScores, grid, height, width, this.config.map_sigma);
        result.maps = await mapsToArrays(maps);
        maps.dispose();
      }
      return result;
    } finally {
      tf.dispose([patches, patchScores, matches]);
    }
  }

  /** score() as a graph: backbone maps → patch rows → nearest bank distances → map, and the reweighted image score. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    const state = this.fitted();
    const { layout, preprocessing } = state.json;
    const maps = backboneMapsGraph(await this.backbone(), g, input, preprocessing);
    const averaged = maps.map((m) => localAverageGraph(g, m, layout.aggregation));
    const channels = layout.layerChannels.reduce((a, b) => a + b, 0);
    let patches = reshape(g, concatOnGridGraph(g, averaged, layout.grid, layout.resize), [-1, channels]);
    if (state.projection) patches = op(g, 'MatMul', [patches, floats(g, state.projection.dataSync(), state.projection.shape, 'projection')]);
    const [bankSize, dims] = state.bank.shape;
    const bank = { data: state.bank.dataSync() as Float32Array, rows: bankSize, cols: dims };
    const nearest = nearestBankGraph(g, patches, bank);
    const positions = layout.grid * layout.grid;
    const patchScores = reshape(g, nearest.distances, [-1, positions]);
    const { height, width } = preprocessing;
    const map = anomalyMapsGraph(g, patchScores, layout.grid, height, width, this.config.map_sigma);
    const k = Math.min(this.config.num_neighbors, bankSize);
    const score = reweightedScoreGraph(g, {
      patchScores, patches: reshape(g, patches, [-1, positions, dims]), matches: reshape(g, nearest.indices, [-1, positions]), bank, k, chunk: this.config.chunk_size,
    });
    return { score, map };
  }

  /** The seeded feature projection `projection_dims` asks for; none when 0 or not below the feature width. */
  private newProjection(layout: PatchLayout, seed: number): tf.Tensor2D | undefined {
    const channels = layout.layerChannels.reduce((a, b) => a + b, 0);
    const dims = this.config.projection_dims;
    if (dims === 0 || dims >= channels) return undefined;
    return tf.tensor2d(gaussianProjection(channels, dims, seed), [channels, dims]);
  }

  /** Rows through the projection (when there is one); the input is consumed. */
  private project(rows: tf.Tensor2D, projection: tf.Tensor2D | undefined): tf.Tensor2D {
    if (!projection) return rows;
    const projected = tf.matMul(rows, projection) as tf.Tensor2D;
    rows.dispose();
    return projected;
  }

  protected disposeState(state: PatchcoreState): void {
    state.projection?.dispose();
    state.bank.dispose();
  }
}
