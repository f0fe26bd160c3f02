// Shared jest set-up: TypeScript through ts-jest (type-checking is tsc's job in the build),
// and workspace packages resolved to their sources so tests never run against a stale dist/.
const fs = require('fs');
const path = require('path');

function workspaceSourceMap() {
  const root = __dirname;
  const { workspaces } = require('./package.json');
  const map = {};
  for (const pattern of workspaces) {
    const base = path.join(root, pattern.replace(/\/\*$/, ''));
    if (!fs.existsSync(base)) continue;
    for (const entry of fs.readdirSync(base)) {
      const manifest = path.join(base, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      map[`^${name.replace('/', '\\/')}$`] = path.join(base, entry, 'src', 'index.ts');
      // A package's other entry points (its `exports` subpaths, e.g. @anomaly-zoo/engine/saved-model).
      map[`^${name.replace('/', '\\/')}\\/([a-z-]+)$`] = path.join(base, entry, 'src', '$1.ts');
    }
  }
  return map;
}

/** `options.backend: 'wasm'` starts the wasm backend before each test file (see jest.wasm.js). */
module.exports = (packageDir, options = {}) => ({
  rootDir: packageDir,
  testEnvironment: path.join(__dirname, 'jest.environment.js'),
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: { module: 'commonjs', target: 'ES2022', esModuleInterop: true, resolveJsonModule: true } }],
  },
  moduleNameMapper: workspaceSourceMap(),
  setupFiles: [path.join(__dirname, 'jest.setup.js')],
  setupFilesAfterEnv: options.backend === 'wasm' ? [path.join(__dirname, 'jest.wasm.js')] : [],
  testTimeout: 120000,
});
