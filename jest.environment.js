// Jest's node environment gives each test file its own realm, whose typed-array constructors differ from the
// main realm's. Native addons (onnxruntime-node) build their outputs in the main realm, so onnxruntime-common's
// `instanceof Float32Array` check fails inside a test. Jest already shares ArrayBuffer and Uint8Array for the same
// reason (Buffer); this shares the other typed arrays too, so tests see what a plain `node` process sees.
const NodeEnvironment = require('jest-environment-node').TestEnvironment;

const TYPED_ARRAYS = [
  'Int8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class SharedTypedArraysEnvironment extends NodeEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = SharedTypedArraysEnvironment;
