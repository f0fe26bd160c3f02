import * as path from 'path';

/** The installed @tensorflow/tfjs-backend-wasm: its dist/ holds the .wasm binaries, wasm-out/ the emscripten glue. */
export function wasmPackageDir(): string {
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
}

/** Directory prefix for setWasmPaths (it concatenates file names, so it must end with a separator). */
export function wasmBinaryDir(): string {
  return path.join(wasmPackageDir(), 'dist') + path.sep;
}
