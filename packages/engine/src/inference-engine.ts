import * as os from 'os';
import { describeError, GraphRuntime, UserError } from '@anomaly-zoo/core';
import type { EngineChoice } from './config/schema';

/** What can run frozen backbones' inference: ONNX Runtime, or tfjs itself. */
export const INFERENCE_ENGINES = ['onnxruntime', 'tfjs'] as const;

/** The inference engines scoring can run on. */
export type ScoringEngine = (typeof INFERENCE_ENGINES)[number];

/** The engine that runs frozen backbones' inference in this process, and the runtime to hand models (none: tfjs). */
export interface InferenceEngine {
  name: ScoringEngine;
  runtime?: GraphRuntime;
  threads?: number;
}

/**
 * `runtime.engine` made real, once per run: 'onnxruntime' must load (else a UserError), 'auto' takes it when it
 * loads and runs a test graph and otherwise falls back to tfjs, 'tfjs' never loads it. ONNX Runtime is imported
 * here only, lazily, so nothing else in the engine loads the native module. Threads: `runtime.threads`, else the
 * cores this process may use.
 */
export async function chooseInferenceEngine(choice: EngineChoice, threads: number | 'auto', log: (message: string) => void): Promise<InferenceEngine> {
  if (choice === 'tfjs') {
    log('inference engine: tfjs');
    return { name: 'tfjs' };
  }
  const count = threads === 'auto' ? os.availableParallelism() : threads;
  let reason: string;
  try {
    const { probeOnnxRuntime } = await import('@anomaly-zoo/onnx');
    const probe = await probeOnnxRuntime({ threads: count });
    if (probe.runtime) {
      log(`inference engine: onnxruntime (${count} thread${count === 1 ? '' : 's'}; training stays on tfjs)`);
      return { name: 'onnxruntime', runtime: probe.runtime, threads: count };
    }
    reason = probe.reason ?? 'unknown';
  } catch (error) {
    reason = describeError(error);
  }
  if (choice === 'onnxruntime') throw new UserError(`runtime.engine: onnxruntime does not load here (${reason}); use auto or tfjs`);
  log(`inference engine: tfjs (onnxruntime does not load here: ${reason})`);
  return { name: 'tfjs' };
}
