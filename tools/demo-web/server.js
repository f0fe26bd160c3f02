// The demo page's static server: 127.0.0.1 only, GET only, and only the files named here (the page, tf.min.js,
// the library's browser bundle, onnxruntime-web's wasm build, the run's model files and its exported model.onnx,
// the pretrained backbones a feature model reads), so it serves a run without exposing the disk.
const fs = require('fs');
const http = require('http');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const { confinedFile } = require(path.join(REPO, 'packages', 'core', 'dist', 'model-files'));
const { pretrainedModelsDir } = require(path.join(REPO, 'packages', 'components', 'dist', 'backbone', 'models-dir'));
const MANIFEST = 'anomaly-zoo.json';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream',
};
/** The exported ONNX model tools/export writes (in the run directory by default, or beside the saved model). */
const ONNX_FILE = 'model.onnx';
/** onnxruntime-web's WebAssembly build: the script, and the module and binary it loads from /vendor/. */
const ORT_FILES = ['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
/** The library itself (npm run build): the page scores with anomaly-zoo's own code, not a copy. */
const BUNDLE = path.join(REPO, 'packages', 'anomaly-zoo', 'dist', 'anomaly-zoo.browser.js');

/** A run directory (with model/) or a saved model directory itself. */
function resolveModelDir(run) {
  if (fs.existsSync(path.join(run, MANIFEST))) return path.resolve(run);
  if (fs.existsSync(path.join(run, 'model', MANIFEST))) return path.resolve(run, 'model');
  throw new Error(`${run}: not a run directory or saved model (no ${MANIFEST})`);
}

/** Every regular file under `dir` (sub-folders included), each confined to it after resolving links. */
function filesUnder(dir, relative = '') {
  const files = [];
  for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...filesUnder(dir, name));
    else files.push([name, confinedFile(dir, name, dir)]);
  }
  return files;
}

/** The backbone folders of the models directory ($ANOMALY_ZOO_MODELS or ../shared/models): those with a model.json. */
function backboneFiles() {
  const root = pretrainedModelsDir();
  if (!root) return [];
  return fs.readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(root, entry.name, 'model.json')))
    .flatMap((entry) => filesUnder(path.join(root, entry.name)).map(([name, file]) => [`${entry.name}/${name}`, file]));
}

function routes(modelDir, run) {
  const table = new Map([
    ['/', path.join(__dirname, 'index.html')],
    ['/demo.js', path.join(__dirname, 'demo.js')],
    ['/anomaly-zoo.browser.js', BUNDLE],
    ['/vendor/tf.min.js', require.resolve('@tensorflow/tfjs/dist/tf.min.js', { paths: [REPO] })],
    // The package resolves (under Node) to a file of its dist/ folder, where the browser builds lie too.
    ...ORT_FILES.map((name) => [`/vendor/${name}`, path.join(path.dirname(require.resolve('onnxruntime-web', { paths: [REPO] })), name)]),
  ]);
  for (const [name, file] of filesUnder(modelDir)) table.set(`/run/${name}`, file);
  const onnx = [path.join(run, ONNX_FILE), path.join(modelDir, ONNX_FILE)].find((file) => fs.existsSync(file));
  if (onnx) table.set(`/run/${ONNX_FILE}`, onnx);
  for (const [name, file] of backboneFiles()) table.set(`/models/${name}`, file);
  return { table };
}

/** A port number as given on the command line: an integer 0–65535 (0 picks a free one). */
function parsePort(text) {
  const port = Number(text);
  if (!/^\d+$/.test(String(text)) || !Number.isInteger(port) || port > 65535) throw new Error(`--port ${text}: must be an integer from 0 to 65535`);
  return port;
}

/**
 * The Host header names this server (an address it listens on, or localhost) with its port: a page on another
 * site that rebinds its DNS name to 127.0.0.1 sends its own name here and is refused (DNS rebinding).
 */
function isOwnHost(hostHeader, port) {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return typeof hostHeader === 'string' && names.some((name) => hostHeader.toLowerCase() === `${name}:${port}`);
}

/** Starts serving; resolves to { url, close() }. Port 0 picks a free port. */
async function startDemoServer({ run, port = 8080, host = '127.0.0.1' }) {
  const { table } = routes(resolveModelDir(run), path.resolve(run));
  let listening = port;
  const server = http.createServer((request, response) => {
    if (!isOwnHost(request.headers.host, listening)) {
      response.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request: this demo server answers only to 127.0.0.1 and localhost\n');
      return;
    }
    const url = new URL(request.url, 'http://localhost');
    const file = request.method === 'GET' ? table.get(url.pathname) : undefined;
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    fs.readFile(file, (error, bytes) => {
      if (error) {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`cannot read ${url.pathname} (is the project built?)\n`);
        return;
      }
      response.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' }).end(bytes);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      listening = address.port;
      resolve({ url: `http://${host}:${address.port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

module.exports = { startDemoServer, resolveModelDir, parsePort };
