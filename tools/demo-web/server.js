// The demo page's static server: 127.0.0.1 only, GET only, and only the files named here (the page, tf.min.js,
// compiled dist/*.js of three packages, the run's model files), so it serves a run without exposing the disk.
const fs = require('fs');
const http = require('http');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const MANIFEST = 'anomaly-zoo.json';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json', '.bin': 'application/octet-stream' };

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

function routes(modelDir) {
  const table = new Map([
    ['/', path.join(__dirname, 'index.html')],
    ['/demo.js', path.join(__dirname, 'demo.js')],
    ['/module-loader.js', path.join(__dirname, 'module-loader.js')],
    ['/vendor/tf.min.js', require.resolve('@tensorflow/tfjs/dist/tf.min.js', { paths: [REPO] })],
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, MANIFEST), 'utf8'));
  table.set(`/run/${MANIFEST}`, path.join(modelDir, MANIFEST));
  const modelJsonFile = path.join(modelDir, 'model.json');
  if (fs.existsSync(modelJsonFile)) {
    table.set('/run/model.json', modelJsonFile);
    for (const group of JSON.parse(fs.readFileSync(modelJsonFile, 'utf8')).weightsManifest || []) {
      for (const shard of group.paths) table.set(`/run/${shard}`, path.join(modelDir, shard));
    }
  }
  return { table, manifest };
}

/** Starts serving; resolves to { url, close() }. Port 0 picks a free port. */
function startDemoServer({ run, port = 8080, host = '127.0.0.1' }) {
  const { table } = routes(resolveModelDir(run));
  const server = http.createServer((request, response) => {
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
      resolve({ url: `http://${host}:${address.port}/`, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}

module.exports = { startDemoServer, resolveModelDir };
