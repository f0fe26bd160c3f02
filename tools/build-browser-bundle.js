#!/usr/bin/env node
// Bundles anomaly-zoo's browser entry into one script for pages: packages/anomaly-zoo/dist/anomaly-zoo.browser.js,
// an IIFE that defines the global `anomalyZoo` (loadModel, listModels, urlSource, filesSource, ...). TensorFlow.js
// is the page's own global `tf` (load tf.min.js first), so the page and the library share one backend.
// Node built-ins and sharp are only reached by saving, training and file decoding, which a page never calls: they
// become stubs that throw, naming what was called, if anything ever does.
const path = require('path');
const { builtinModules } = require('module');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const packageDir = path.join(root, 'packages', 'anomaly-zoo');
const NODE_ONLY = new Set([...builtinModules, 'sharp']);
const TFJS = /^@tensorflow\/tfjs(-core|-converter|-layers|-data|-backend-cpu|-backend-webgl)?$/;

const pageGlobals = {
  name: 'page-globals',
  setup(build) {
    build.onResolve({ filter: TFJS }, (args) => ({ path: args.path, namespace: 'tf-global' }));
    build.onLoad({ filter: /.*/, namespace: 'tf-global' }, () => ({
      contents: "if (!globalThis.tf) throw new Error('anomaly-zoo: load TensorFlow.js (tf.min.js) before anomaly-zoo.browser.js'); module.exports = globalThis.tf;",
      loader: 'js',
    }));
    build.onResolve({ filter: /.*/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return NODE_ONLY.has(name.split('/')[0]) ? { path: name, namespace: 'node-only' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({
      contents: `const fail = (key) => () => { throw new Error('${args.path}.' + String(key) + ': not available in a browser'); };
module.exports = new Proxy({}, { get: (_, key) => (key === '__esModule' ? false : fail(key)) });`,
      loader: 'js',
    }));
  },
};

async function main() {
  const outfile = path.join(packageDir, 'dist', 'anomaly-zoo.browser.js');
  await esbuild.build({
    entryPoints: [path.join(packageDir, 'dist', 'browser.js')],
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'anomalyZoo',
    platform: 'browser',
    target: 'es2022',
    // Settings read from the environment in Node (ANOMALY_ZOO_FUSED, ...) take their defaults in a page.
    define: { 'process.env.NODE_ENV': '"production"', 'process.env': '{}' },
    banner: { js: '// anomaly-zoo browser bundle (Apache-2.0); needs the global tf from tf.min.js' },
    plugins: [pageGlobals],
    logLevel: 'warning',
  });
  process.stdout.write(`browser bundle: ${path.relative(root, outfile)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
