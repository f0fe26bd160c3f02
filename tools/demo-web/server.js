// The demo page's static server: 127.0.0.1 only, GET only, and only the files named here (the page, tf.min.js,
// onnxruntime-web's wasm build, compiled dist/*.js of three packages, the run's model files and its exported
// model.onnx), so it serves a run without exposing the disk.
const fs = require('fs');
const http = require('http');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const { confinedFile } = require(path.join(REPO, 'packages', 'core', 'dist', 'model-files'));
const MANIFEST = 'anomaly-zoo.json';
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.bin': 'application/octet-stream', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream',
};
/** The exported ONNX model tools/export writes (in the run directory by default, or beside the saved model). */
const ONNX_FILE = 'model.onnx';

/**
 * The shared scoring code, compiled (npm run build): the page runs these very files, not a copy.
 * /modules/<package>/<file>.js serves packages/<package>/dist/<file>.js for these packages only.
 */
const MODULE_PACKAGES = ['components', 'eval', 'engine'];

function moduleFile(pathname) {
  const match = /^\/modules\/([a-z-]+)\/((?:[A-Za-z0-9_-]+\/)*[A-Za-z0-9_.-]+\.js)$/.exec(pathname);
  if (!match || !MODULE_PACKAGES.includes(match[1]) || match[2].split('/').some((part) => part.startsWith('.'))) return undefined;
  return path.join(REPO, 'packages', match[1], 'dist', match[2]);
}

/** A run directory (with model/) or a saved model directory itself. */
function resolveModelDir(run) {
  if (fs.existsSync(path.join(run, MANIFEST))) return path.resolve(run);
  if (fs.existsSync(path.join(run, 'model', MANIFEST))) return path.resolve(run, 'model');
  throw new Error(`${run}: not a run directory or saved model (no ${MANIFEST})`);
}

function routes(modelDir, run) {
  const table = new Map([
    ['/', path.join(__dirname, 'index.html')],
    ['/demo.js', path.join(__dirname, 'demo.js')],
    ['/module-loader.js', path.join(__dirname, 'module-loader.js')],
    ['/vendor/tf.min.js', require.resolve('@tensorflow/tfjs/dist/tf.min.js', { paths: [REPO] })],
    // onnxruntime-web's WebAssembly build: the script, and the module and binary it loads from /vendor/.
    ...['ort.wasm.min.js', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'].map((name) => [
      // The package resolves (under Node) to a file of its dist/ folder, where the browser builds lie too.
      `/vendor/${name}`, path.join(path.dirname(require.resolve('onnxruntime-web', { paths: [REPO] })), name),
    ]),
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, MANIFEST), 'utf8'));
  table.set(`/run/${MANIFEST}`, path.join(modelDir, MANIFEST));
  const modelJsonFile = path.join(modelDir, 'model.json');
  if (fs.existsSync(modelJsonFile)) {
    table.set('/run/model.json', modelJsonFile);
    for (const group of JSON.parse(fs.readFileSync(modelJsonFile, 'utf8')).weightsManifest || []) {
      // The same confinement as every loader: a shard path must stay inside the model directory.
      for (const shard of group.paths) table.set(`/run/${shard}`, confinedFile(modelDir, shard, modelJsonFile));
    }
  }
  const onnx = [path.join(run, ONNX_FILE), path.join(modelDir, ONNX_FILE)].find((file) => fs.existsSync(file));
  if (onnx) table.set(`/run/${ONNX_FILE}`, onnx);
  return { table, manifest };
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
    const file = request.method === 'GET' ? table.get(url.pathname) ?? moduleFile(url.pathname) : undefined;
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
