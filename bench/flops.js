// Analytic FLOPs per image (multiply + add = 2) of the bench networks, to report achieved GFLOP/s.
// Training counts forward + weight gradient + input gradient (none for the first layer, whose input is data).

const CHANNELS = [32, 64, 128];

/** Conv layers as { pixels: output (conv) or input (transposed conv) positions, k, cin, cout }. */
function convAeLayers(size, { channels = 3, latent = 16, outputConv = false } = {}) {
  const layers = [];
  let c = channels;
  let s = size;
  for (const f of CHANNELS) { s /= 2; layers.push({ pixels: s * s, k: 3, cin: c, cout: f }); c = f; }
  layers.push({ pixels: s * s, k: 1, cin: c, cout: latent });
  c = latent;
  const decoder = outputConv ? [...CHANNELS].reverse() : [...CHANNELS.slice(0, -1).reverse(), channels];
  for (const f of decoder) { layers.push({ pixels: s * s, k: 3, cin: c, cout: f }); s *= 2; c = f; }
  if (outputConv) layers.push({ pixels: s * s, k: 3, cin: c, cout: channels });
  return layers;
}

function vaeLayers(size, channels = 3, latent = 64) {
  const layers = [];
  let c = channels;
  let s = size;
  for (const f of CHANNELS) { s /= 2; layers.push({ pixels: s * s, k: 3, cin: c, cout: f }); c = f; }
  const flat = s * s * c;
  layers.push({ pixels: 1, k: 1, cin: flat, cout: 2 * latent }, { pixels: 1, k: 1, cin: latent, cout: flat });
  for (const f of [...CHANNELS].reverse()) { layers.push({ pixels: s * s, k: 3, cin: c, cout: f }); s *= 2; c = f; }
  layers.push({ pixels: s * s, k: 3, cin: c, cout: channels });
  return layers;
}

/** MobileNet V1 at width alpha: depthwise layers have cin = 1 per channel (cout = channels). */
function mobilenetLayers(size = 224, alpha = 0.75) {
  const plan = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], ...Array(5).fill([512, 1]), [1024, 2], [1024, 1]];
  let s = size / 2;
  let c = Math.floor(32 * alpha);
  const layers = [{ pixels: s * s, k: 3, cin: 3, cout: c }];
  for (const [filters, stride] of plan) {
    s /= stride;
    const f = Math.floor(filters * alpha);
    layers.push({ pixels: s * s, k: 3, cin: 1, cout: c }, { pixels: s * s, k: 1, cin: c, cout: f });
    c = f;
  }
  return layers;
}

const forward = (layers) => layers.reduce((sum, l) => sum + 2 * l.pixels * l.k * l.k * l.cin * l.cout, 0);
const training = (layers) => 3 * forward(layers) - forward(layers.slice(0, 1));

module.exports = {
  convAeTrain: (size) => training(convAeLayers(size)),
  convAeHeadTrain: (size) => training(convAeLayers(size, { outputConv: true })),
  convAeInfer: (size) => forward(convAeLayers(size)),
  vaeTrain: (size) => training(vaeLayers(size)),
  mobilenet: (size) => forward(mobilenetLayers(size)),
  /** The gemm row: [size² × 512] · [512 × 512]. */
  gemm: (size) => 2 * size * size * 512 * 512,
};
