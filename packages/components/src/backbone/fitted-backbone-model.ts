import type * as tf from '@tensorflow/tfjs';
import type { BatchSource, ModelContext, ModelSource } from '@anomaly-zoo/core';
import type { BackboneConfig } from './config';
import { backboneLoadOptions, loadBackbone, loadConfiguredBackbone } from './config';
import type { FeatureExtractor } from './feature-extractor';
import type { BackboneRef } from './reference';

/** The fitted state of a model over a pretrained backbone: at least the reference of the backbone it was fitted with. */
export interface BackboneState {
  json: { backbone: BackboneRef };
}

/** The config keys every model over a pretrained backbone's maps has. */
export interface FittedBackboneConfig {
  backbone: BackboneConfig;
  /** Images per forward pass, when fitting and in the backbone. */
  batch_size: number;
}

/** How one such model names itself, and writes and reads its fitted state. */
export interface FittedStateFormat<State> {
  /** The model's name in error messages. */
  name: string;
  /** The JSON file of the state, named in messages about it. */
  file: string;
  write(dir: string, state: State): void;
  read(source: ModelSource): Promise<State>;
}

/**
 * What single-pass models over a pretrained backbone's maps (PaDiM, PatchCore) share: the extractor, loaded on first
 * use from the config's `backbone` block; the pass over the training images; the fitted state, its release, saving;
 * and loading a saved state only over the backbone it was fitted with.
 */
export abstract class FittedBackboneModel<State extends BackboneState, Config extends FittedBackboneConfig> {
  readonly training = 'single-pass';
  protected state?: State;
  private extractor?: FeatureExtractor;
  protected abstract readonly format: FittedStateFormat<State>;

  constructor(
    protected readonly config: Config,
    /** Its log, and where the backbone runs and is read from (runtime, pretrainedModels). */
    private readonly ctx: ModelContext,
  ) {}

  /**
   * A saved model of the class it is called on, with the state read from `source`, over the backbone the state names
   * (see loadBackbone); when that cannot be had, the state and the model are disposed and the error thrown.
   */
  static async load<M extends FittedBackboneModel<BackboneState, C>, C extends FittedBackboneConfig>(
    this: new (config: C, ctx: ModelContext) => M, source: ModelSource, config: C, ctx: ModelContext,
  ): Promise<M> {
    const model = new this(config, ctx);
    await model.restore(source);
    return model;
  }

  async save(dir: string): Promise<void> {
    this.format.write(dir, this.fitted());
  }

  dispose(): void {
    this.releaseState();
    this.extractor?.dispose();
    this.extractor = undefined;
  }

  protected abstract disposeState(state: State): void;

  /** Fills a model just constructed (no backbone, no state yet) from a saved one. */
  private async restore(source: ModelSource): Promise<void> {
    const state = await this.format.read(source);
    try {
      this.extractor = await loadBackbone(state.json.backbone, this.config.backbone, source.describe(this.format.file), {
        batchSize: this.config.batch_size, log: this.ctx.log, ...backboneLoadOptions(this.ctx),
      });
    } catch (error) {
      this.disposeState(state);
      throw error;
    }
    this.state = state;
  }

  /** Fitting starts over: the backbone, loaded if it is not yet, with the fitted state released. */
  protected async startFitting(): Promise<FeatureExtractor> {
    const extractor = await this.backbone();
    this.releaseState();
    return extractor;
  }

  /**
   * Fitting starts over (startFitting), then each training batch's backbone maps go to `use`, in order (the
   * maps and the batch are disposed after it). Returns how many images there were.
   */
  protected async eachTrainingMaps(train: BatchSource, use: (maps: tf.Tensor4D[]) => void): Promise<number> {
    const extractor = await this.startFitting();
    let images = 0;
    for await (const batch of train.batches({ batchSize: this.config.batch_size })) {
      try {
        await extractor.withSpatialAsync(batch.x, use);
        images += batch.x.shape[0];
      } finally {
        batch.x.dispose();
      }
    }
    return images;
  }

  /** The reference a fitted state records: the backbone fitting used. */
  protected async backboneRef(): Promise<BackboneRef> {
    return (await this.backbone()).ref;
  }

  protected async backbone(): Promise<FeatureExtractor> {
    this.extractor ??= await loadConfiguredBackbone(this.config.backbone, this.config.batch_size, this.ctx.log, backboneLoadOptions(this.ctx));
    return this.extractor;
  }

  protected fitted(): State {
    if (!this.state) throw new Error(`${this.format.name}: fit or load the model before scoring or saving`);
    return this.state;
  }

  protected releaseState(): void {
    if (this.state) this.disposeState(this.state);
    this.state = undefined;
  }
}
