// The Keras MobileNet V1 with batch norm folded into the conv weights and bias + ReLU6 fused (tf.fused.*):
// what components/backbone could run instead of the layer-by-layer LayersModel. Bench-only.
const tf = require('@tensorflow/tfjs');

/** conv / depthwise layers of the Keras MobileNet with their folded weights, in order. */
function foldedLayers(model) {
  const out = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    if (cls !== 'Conv2D' && cls !== 'DepthwiseConv2D') continue;
    if (layer.name === 'conv_preds') break;
    const bn = model.getLayer(`${layer.name}_bn`);
    const [gamma, beta, mean, variance] = bn.getWeights();
    const eps = bn.getConfig().epsilon;
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, eps)));
    const kernel = layer.getWeights()[0];
    // Conv2D kernel [kh, kw, in, out] scales per out channel; depthwise [kh, kw, in, 1] per in channel.
    const folded = cls === 'Conv2D' ? tf.mul(kernel, scale) : tf.mul(kernel, scale.reshape([1, 1, -1, 1]));
    out.push({ depthwise: cls === 'DepthwiseConv2D', strides: layer.getConfig().strides, kernel: folded, bias: tf.sub(beta, tf.mul(mean, scale)) });
  }
  return out;
}

function fusedForward(layers, x) {
  return tf.tidy(() => {
    let h = x;
    for (const l of layers) {
      const args = { x: h, filter: l.kernel, strides: l.strides, pad: 'same', bias: l.bias, activation: 'relu6' };
      h = l.depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
    }
    return tf.mean(h, [1, 2]);
  });
}

module.exports = { foldedLayers, fusedForward };
