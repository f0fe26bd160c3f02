import * as path from 'path';

export interface TinyRunOptions {
  seed: number;
  /** Where the generated MVTec-layout data set goes (`<dir>/data`). */
  dir: string;
  synthetic: { train: number; test_good: number; per_defect: number };
  epochs: number;
  evaluation: Record<string, unknown>;
}

/** The raw config of a small real conv-ae run on generated 32 px data, for end-to-end engine tests. */
export function tinyConvAeRun(options: TinyRunOptions): Record<string, unknown> {
  return {
    seed: options.seed,
    model: { name: 'conv-ae', channels: [8, 16], latent_channels: 4 },
    data: {
      format: 'synthetic', root: path.join(options.dir, 'data'), category: 'tiny', image_size: 32, validation_fraction: 0.25,
      synthetic: { size: 32, ...options.synthetic },
    },
    training: { epochs: options.epochs, batch_size: 8, learning_rate: 0.003 },
    evaluation: options.evaluation,
    runtime: { backend: 'wasm' },
  };
}
