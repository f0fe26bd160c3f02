#!/usr/bin/env node
// One-class protocol (train on one class's training images, test on the whole test set) for every class of
// MNIST / Fashion-MNIST / CIFAR-10; prints per-class image AUROC and the mean. Not part of npm test.
//   node bench/one-class.js --format fashion-mnist --root /usr/share/datasets/fashion-mnist [--model dense-ae] [--epochs 5]
//   node bench/one-class.js --format cifar10 --root datasets/cifar10 --model dfm   (model block from configs/dfm/cifar10.yaml)
const fs = require('fs');
const os = require('os');
const path = require('path');
const { readYamlFile, resolveRunConfig, runTraining, silentLogger } = require('../packages/engine/dist/index');
const { ONE_CLASS_CLASSES } = require('../packages/data/dist/index');

const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/** The bench (never CI) installs Debian's Fashion-MNIST when it is asked for and missing. */
function ensureDebianFashionMnist(root) {
  if (root !== DEBIAN_FASHION_MNIST || fs.existsSync(root) || process.env.CI) return;
  process.stderr.write(`${root} is missing: installing Debian's dataset-fashion-mnist\n`);
  require('child_process').execFileSync('apt-get', ['install', '-y', 'dataset-fashion-mnist'], { stdio: 'inherit' });
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const MODELS = {
  'dense-ae': { name: 'dense-ae', hidden: [256], latent: 32, loss: 'mse' },
  'conv-ae': { name: 'conv-ae', channels: [32, 64], latent_channels: 16, loss: 'mse' },
};

/** The autoencoders' small bench settings above, or the model block of the committed configs/<model>/<format>.yaml. */
function modelBlock(modelName, format) {
  if (MODELS[modelName]) return MODELS[modelName];
  const file = path.join(__dirname, '..', 'configs', modelName, `${format}.yaml`);
  if (!fs.existsSync(file)) throw new Error(`--model ${modelName}: no bench settings and no ${path.relative(process.cwd(), file)}`);
  return readYamlFile(file).model;
}

async function main() {
  const format = option('format', 'fashion-mnist');
  const root = option('root', DEBIAN_FASHION_MNIST);
  if (format === 'fashion-mnist') ensureDebianFashionMnist(root);
  const modelName = option('model', 'dense-ae');
  const epochs = Number(option('epochs', '5'));
  const seed = Number(option('seed', '42'));
  const classes = option('classes', '0,1,2,3,4,5,6,7,8,9').split(',').map(Number);
  const side = format === 'cifar10' ? 32 : 28;
  const channels = format === 'cifar10' ? 3 : 1;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'az-one-class-'));
  const rows = [];
  try {
    for (const normalClass of classes) {
      const config = resolveRunConfig({
        seed,
        model: modelBlock(modelName, format),
        data: { format, root, [format]: { normal_class: normalClass }, image_size: side, channels, validation_fraction: 0.1 },
        training: { epochs, batch_size: 64, learning_rate: 0.001 },
        // Ten runs: no HTML report, only the numbers.
        evaluation: { pixel_metrics: false, batch_size: 256, report: false },
        runtime: { backend: option('backend', 'auto') },
      }, 'bench/one-class.js');
      const started = Date.now();
      const { metrics } = await runTraining(config, { out: path.join(work, String(normalClass)), logger: silentLogger });
      const seconds = (Date.now() - started) / 1000;
      rows.push({ normalClass, name: ONE_CLASS_CLASSES[format][normalClass], auroc: metrics.image_auroc, seconds, backend: metrics.backend });
      process.stderr.write(`class ${normalClass} (${ONE_CLASS_CLASSES[format][normalClass]}): AUROC ${metrics.image_auroc?.toFixed(4)} in ${seconds.toFixed(0)} s\n`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const mean = rows.reduce((s, r) => s + r.auroc, 0) / rows.length;
  console.log(`\n${format}, ${modelName}, ${epochs} epochs, seed ${seed}, ${side}×${side}×${channels}, backend ${rows[0]?.backend}`);
  console.log('| class | name | image AUROC | seconds |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.normalClass} | ${r.name} | ${r.auroc.toFixed(4)} | ${r.seconds.toFixed(0)} |`);
  console.log(`| mean | | ${mean.toFixed(4)} | |`);
}

main().catch((error) => {
  console.error(error && error.message);
  process.exit(1);
});
