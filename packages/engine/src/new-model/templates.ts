/** The files of a new model package, as text. `name` is the registry name (kebab-case). */
export interface ModelNames {
  name: string;
  /** The exported definition's identifier, e.g. `myModel` for `my-model`. */
  identifier: string;
  /** The model class, e.g. `MyModel`. */
  className: string;
  packageName: string;
}

export function modelNames(name: string): ModelNames {
  const words = name.split('-');
  const className = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return { name, identifier: className[0]!.toLowerCase() + className.slice(1), className, packageName: `@anomaly-zoo/model-${name}` };
}

export function packageFiles(n: ModelNames): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: n.packageName,
      version: '0.1.0',
      private: true,
      description: `${n.name}: per-pixel Gaussian baseline (replace with your model)`,
      license: 'Apache-2.0',
      main: 'dist/index.js',
      types: 'dist/index.d.ts',
      files: ['dist'],
      scripts: { build: 'tsc -b', test: 'jest' },
      dependencies: { '@anomaly-zoo/core': '*', '@tensorflow/tfjs': '4.22.0' },
    }, null, 2) + '\n',
    'tsconfig.json': JSON.stringify({
      extends: '../../../tsconfig.base.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/tsconfig.tsbuildinfo' },
      include: ['src'],
      exclude: ['src/**/*.test.ts', 'src/**/test-utils/**'],
      references: [{ path: '../../core' }],
    }, null, 2) + '\n',
    'jest.config.js': "module.exports = require('../../../jest.preset.js')(__dirname, { backend: 'wasm' });\n",
    'README.md': readme(n),
    'src/config.ts': configTs(n),
    'src/model.ts': modelTs(n),
    'src/index.ts': indexTs(n),
    'src/model.test.ts': testTs(n),
  };
}

export function runConfigYaml(n: ModelNames): string {
  return `# ${n.name} on generated MVTec-layout data: runs offline, no download.
# tools/train --config configs/${n.name}/synthetic.yaml
seed: 42
model:
  name: ${n.name}
  min_std: 0.02
  image_score: max
data:
  format: synthetic
  root: datasets/synthetic
  category: texture
  image_size: 64
  synthetic:
    size: 128
    style: texture
    train: 100
    test_good: 20
    per_defect: 10
evaluation:
  threshold:
    strategy: adaptive_f1
`;
}

function readme(n: ModelNames): string {
  return `# ${n.packageName}

**What it is.** A starting point made by \`tools/new-model ${n.name}\`: a per-pixel Gaussian baseline. \`fit\` takes the mean and
standard deviation of every pixel and channel over the normal training images; the anomaly map is the squared z-score
averaged over channels; the image score is the map's mean or maximum. It only works where normal images are aligned
(the same object in the same place); replace it with your model and keep the interface.

**Training.** Single pass (\`training: 'single-pass'\`): no epochs, no optimiser.

**Config** (\`model:\` block; defaults in \`src/config.ts\`):

| key | default | meaning |
|---|---|---|
| \`min_std\` | 0.02 | floor under each pixel's standard deviation, so constant pixels don't divide by zero |
| \`image_score\` | \`max\` | \`mean\` or \`max\` of the anomaly map |

**Saved model.** \`statistics.bin\` (float32 means then standard deviations, H × W × C each) and \`statistics.json\` (shape).

**Run it.** \`tools/train --config configs/${n.name}/synthetic.yaml\`

**Results.** (fill in: data set, image AUROC, pixel AUROC, fit seconds, from \`tools/benchmark\`)
`;
}

function configTs(n: ModelNames): string {
  return `import { ConfigObject, Enum, Static, Type } from '@anomaly-zoo/core';

/** The \`model:\` block; its type is the schema's Static type (every default filled in by validation). */
export const ${n.identifier}Schema = ConfigObject({
  /** Floor under each pixel's standard deviation. */
  min_std: Type.Number({ exclusiveMinimum: 0, default: 0.02 }),
  image_score: Enum(['mean', 'max'] as const, { default: 'max' }),
});
export type ${n.className}Config = Static<typeof ${n.identifier}Schema>;
`;
}

function modelTs(n: ModelNames): string {
  return `import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  BatchSource, GraphBuilder, GraphHeads, ModelContext, ModelSource, Preprocessing, readSourceFloat32, ScoreOptions, ScoreResult, SinglePassModel, UserError, writeFileAtomic, writeJsonAtomic,
} from '@anomaly-zoo/core';
import type { ${n.className}Config } from './config';

const STATISTICS_BIN = 'statistics.bin';
const STATISTICS_JSON = 'statistics.json';

/** Per-pixel Gaussian of the normal images: map = channel mean of ((x − mean) / std)². */
export class ${n.className}Model implements SinglePassModel {
  readonly training = 'single-pass' as const;
  private mean: tf.Tensor3D | undefined;
  private std: tf.Tensor3D | undefined;

  constructor(
    private readonly config: ${n.className}Config,
    private readonly pre: Preprocessing,
  ) {}

  async fit(train: BatchSource): Promise<void> {
    const { height, width, channels } = this.pre;
    const size = height * width * channels;
    // Sums in float64 on the CPU: float32 sums of squares lose the variance of bright, steady pixels.
    const sum = new Float64Array(size);
    const sumOfSquares = new Float64Array(size);
    let count = 0;
    for await (const batch of train.batches({ batchSize: 32 })) {
      const values = (await batch.x.data()) as Float32Array;
      batch.x.dispose();
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        sum[i % size]! += v;
        sumOfSquares[i % size]! += v * v;
      }
      count += values.length / size;
    }
    if (count === 0) throw new UserError('${n.name}: no training images');
    const mean = new Float32Array(size);
    const std = new Float32Array(size);
    for (let i = 0; i < size; i++) {
      mean[i] = sum[i]! / count;
      std[i] = Math.max(this.config.min_std, Math.sqrt(Math.max(0, sumOfSquares[i]! / count - (sum[i]! / count) ** 2)));
    }
    this.setStatistics(mean, std);
  }

  setStatistics(mean: Float32Array, std: Float32Array): void {
    this.dispose();
    const { height, width, channels } = this.pre;
    this.mean = tf.tensor3d(mean, [height, width, channels]);
    this.std = tf.tensor3d(std, [height, width, channels]);
  }

  async score(x: tf.Tensor4D, options: ScoreOptions = {}): Promise<ScoreResult> {
    if (!this.mean || !this.std) throw new Error('${n.name}: score() before fit()');
    const { mean, std } = this;
    const [map, scores] = tf.tidy(() => {
      const z = tf.div(tf.sub(x, mean), std);
      const perPixel = tf.mean(tf.square(z), 3);
      const image = this.config.image_score === 'max' ? tf.max(perPixel, [1, 2]) : tf.mean(perPixel, [1, 2]);
      return [perPixel, image];
    });
    const result: ScoreResult = { scores: (await scores.data()) as Float32Array };
    if (options.maps) {
      const flat = (await map.data()) as Float32Array;
      const per = this.pre.height * this.pre.width;
      result.maps = Array.from({ length: x.shape[0] }, (_, i) => flat.slice(i * per, (i + 1) * per));
    }
    tf.dispose([map, scores]);
    return result;
  }

  /** score() as a graph, for tools/export and ONNX Runtime: the same z² map and image score, in ONNX ops. */
  async exportGraph(g: GraphBuilder, input: string): Promise<GraphHeads> {
    if (!this.mean || !this.std) throw new Error('${n.name}: exportGraph() before fit()');
    const dims = [this.pre.height, this.pre.width, this.pre.channels];
    const constant = (t: tf.Tensor3D, hint: string) => g.constant({ float32: t.dataSync() as Float32Array, dims }, hint);
    const [centred] = g.node('Sub', [input, constant(this.mean, 'mean')]);
    const [z] = g.node('Div', [centred!, constant(this.std, 'std')]);
    const [squared] = g.node('Mul', [z!, z!]);
    const [map] = g.node('ReduceMean', [squared!], { axes: { ints: [3] }, keepdims: { int: 0 } });
    const [score] = g.node(this.config.image_score === 'max' ? 'ReduceMax' : 'ReduceMean', [map!], { axes: { ints: [1, 2] }, keepdims: { int: 0 } });
    return { score: score!, map: map! };
  }

  async save(dir: string): Promise<void> {
    if (!this.mean || !this.std) throw new Error('${n.name}: save() before fit()');
    const mean = (await this.mean.data()) as Float32Array;
    const std = (await this.std.data()) as Float32Array;
    const bytes = new Uint8Array(mean.byteLength + std.byteLength);
    bytes.set(new Uint8Array(mean.buffer, mean.byteOffset, mean.byteLength), 0);
    bytes.set(new Uint8Array(std.buffer, std.byteOffset, std.byteLength), mean.byteLength);
    writeFileAtomic(path.join(dir, STATISTICS_BIN), bytes);
    writeJsonAtomic(path.join(dir, STATISTICS_JSON), { format: '${n.name}-statistics', version: 1, shape: [this.pre.height, this.pre.width, this.pre.channels] });
  }

  static async load(source: ModelSource, config: ${n.className}Config, ctx: ModelContext): Promise<${n.className}Model> {
    const { height, width, channels } = ctx.preprocessing;
    const size = height * width * channels;
    const values = await readSourceFloat32(source, STATISTICS_BIN, 2 * size, \`the means and deviations of \${height}×\${width}×\${channels} pixels (not a saved ${n.name} model?)\`);
    const model = new ${n.className}Model(config, ctx.preprocessing);
    model.setStatistics(values.slice(0, size), values.slice(size));
    return model;
  }

  dispose(): void {
    tf.dispose([this.mean, this.std].filter((t): t is tf.Tensor3D => t !== undefined));
    this.mean = undefined;
    this.std = undefined;
  }
}
`;
}

function indexTs(n: ModelNames): string {
  return `import { defineModel } from '@anomaly-zoo/core';
import { ${n.className}Config, ${n.identifier}Schema } from './config';
import { ${n.className}Model } from './model';

export { ${n.className}Config, ${n.identifier}Schema, ${n.className}Model };

export const ${n.identifier} = defineModel<${n.className}Config>({
  name: '${n.name}',
  description: 'Per-pixel Gaussian baseline: map = squared z-score against the normal images',
  schema: ${n.identifier}Schema,
  create: (config, ctx) => new ${n.className}Model(config, ctx.preprocessing),
  load: (source, config, ctx) => ${n.className}Model.load(source, config, ctx),
});
`;
}

function testTs(n: ModelNames): string {
  return `import * as tf from '@tensorflow/tfjs';
import type { BatchOptions, BatchSource, ImageBatch } from '@anomaly-zoo/core';
import { ${n.className}Model } from './model';

const pre = { height: 16, width: 16, channels: 3 as const };

/** Normal images: a fixed gradient plus small seeded noise. */
function normalImages(count: number, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const gradient = tf.linspace(0.2, 0.8, pre.width).reshape([1, 1, pre.width, 1]);
    const noise = tf.randomNormal([count, pre.height, pre.width, pre.channels], 0, 0.02, 'float32', seed);
    return tf.add(tf.mul(tf.ones([count, pre.height, pre.width, pre.channels]), gradient), noise) as tf.Tensor4D;
  });
}

class TensorSource implements BatchSource {
  readonly preprocessing = pre;
  constructor(private readonly images: tf.Tensor4D) {}
  get size(): number {
    return this.images.shape[0];
  }
  async *batches(options: BatchOptions): AsyncIterable<ImageBatch> {
    for (let start = 0; start < this.size; start += options.batchSize) {
      const count = Math.min(options.batchSize, this.size - start);
      yield { x: this.images.slice([start, 0, 0, 0], [count, -1, -1, -1]), records: [] };
    }
  }
}

describe('${n.className}Model', () => {
  it('scores a bright square far above normal images and puts the map peak on it', async () => {
    const train = normalImages(40, 1);
    const model = new ${n.className}Model({ min_std: 0.02, image_score: 'max' }, pre);
    await model.fit(new TensorSource(train));
    const normal = normalImages(4, 2);
    const square = tf.tidy(() => {
      const mask = tf.pad(tf.ones([4, 4, 3]), [[6, 6], [8, 4], [0, 0]]).expandDims(0);
      return tf.maximum(normalImages(1, 3), mask) as tf.Tensor4D;
    });
    const normalScores = (await model.score(normal)).scores;
    const defect = await model.score(square, { maps: true });
    expect(defect.scores[0]!).toBeGreaterThan(10 * Math.max(...normalScores));
    const map = defect.maps![0]!;
    const peak = map.indexOf(Math.max(...map));
    const [row, column] = [Math.floor(peak / pre.width), peak % pre.width];
    expect(row >= 6 && row < 10 && column >= 8 && column < 12).toBe(true);
    tf.dispose([train, normal, square]);
    model.dispose();
  });
});
`;
}
