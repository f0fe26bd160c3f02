import type { ModelContext } from '@anomaly-zoo/core';
import type { BackboneConfig } from './config';
import { backboneLoadOptions, checkFittedBackbone, loadConfiguredBackbone } from './config';
import type { FeatureExtractor } from './feature-extractor';

/** The fitted state of a model over a pretrained backbone: at least the id of the backbone it was fitted with. */
export interface BackboneState {
  json: { backboneId: string };
}

/**
 * What single-pass models over a pretrained backbone (PaDiM, PatchCore) share: the extractor, loaded on first use
 * from the config's `backbone` block; the fitted state and its release; and loading a saved state only when the
 * backbone found now is the one it was fitted with.
 */
export abstract class FittedBackboneModel<State extends BackboneState> {
  protected state?: State;
  private extractor?: FeatureExtractor;

  protected constructor(
    private readonly backboneConfig: BackboneConfig,
    private readonly batchSize: number,
    /** Its log, and where the backbone runs and is read from (runtime, pretrainedModels). */
    private readonly ctx: ModelContext,
    /** The model's name in error messages. */
    private readonly modelName: string,
  ) {}

  dispose(): void {
    this.releaseState();
    this.extractor?.dispose();
    this.extractor = undefined;
  }

  protected abstract disposeState(state: State): void;

  /** Takes a state loaded from `dir`; on a backbone mismatch (UserError) the state and the model are disposed. */
  protected async adopt(dir: string, state: State): Promise<void> {
    try {
      checkFittedBackbone(dir, await this.backbone(), state.json.backboneId);
    } catch (error) {
      this.disposeState(state);
      this.dispose();
      throw error;
    }
    this.state = state;
  }

  protected async backbone(): Promise<FeatureExtractor> {
    this.extractor ??= await loadConfiguredBackbone(this.backboneConfig, this.batchSize, this.ctx.log, backboneLoadOptions(this.ctx));
    return this.extractor;
  }

  protected fitted(): State {
    if (!this.state) throw new Error(`${this.modelName}: fit or load the model before scoring or saving`);
    return this.state;
  }

  protected releaseState(): void {
    if (this.state) this.disposeState(this.state);
    this.state = undefined;
  }
}
