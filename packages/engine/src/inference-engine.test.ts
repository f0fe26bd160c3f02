import { chooseInferenceEngine } from './inference-engine';

describe('chooseInferenceEngine', () => {
  it('tfjs never loads ONNX Runtime; onnxruntime and auto give a runtime that runs graphs, with the threads asked for', async () => {
    const notes: string[] = [];
    const log = (message: string) => notes.push(message);
    expect(await chooseInferenceEngine('tfjs', 'auto', log)).toEqual({ name: 'tfjs' });
    const ort = await chooseInferenceEngine('onnxruntime', 1, log);
    const auto = await chooseInferenceEngine('auto', 2, log);
    expect([ort.name, ort.threads, auto.name, auto.threads]).toEqual(['onnxruntime', 1, 'onnxruntime', 2]);
    expect(notes).toEqual([
      'inference engine: tfjs',
      'inference engine: onnxruntime (1 thread; training stays on tfjs)',
      'inference engine: onnxruntime (2 threads; training stays on tfjs)',
    ]);
    // x ↦ max(x, 0) through the runtime handed to models.
    const graph = await ort.runtime!.compile((g, x) => g.node('Relu', [x]), [3]);
    const [out] = await graph.run({ data: Float32Array.of(-2, 0.5, 3), dims: [1, 3] });
    await graph.release();
    expect(Array.from(out!.data)).toEqual([0, 0.5, 3]);
  });
});
