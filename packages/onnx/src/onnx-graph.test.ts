import { OnnxGraph } from './onnx-graph';
import { OrtSession } from './ort-session';
import { readOnnxMetadata } from './model-metadata';

async function runGraph(graph: OnnxGraph, inputs: Record<string, { data: Float32Array; dims: number[] }>) {
  const session = await OrtSession.create(graph.encode(), { threads: 1 });
  try {
    return await session.run(inputs);
  } finally {
    await session.release();
  }
}

describe('OnnxGraph through ONNX Runtime', () => {
  it('computes x·W + b with a symbolic batch dim, for two batch sizes', async () => {
    const g = new OnnxGraph();
    const x = g.input('x', ['batch', 2]);
    const w = g.constant({ float32: Float32Array.from([1, 2, 3, 4, 5, 6]), dims: [2, 3] }, 'weight');
    const b = g.constant({ float32: Float32Array.from([0.5, -1, 2]), dims: [3] }, 'bias');
    const [product] = g.node('MatMul', [x, w]);
    const [sum] = g.node('Add', [product!, b]);
    g.output('y', sum!, ['batch', 3]);
    // [1, 2]·W = [1+8, 2+10, 3+12] = [9, 12, 15]; + b = [9.5, 11, 17]. [−1, 0.5]·W = [1, 0.5, 0]; + b = [1.5, −0.5, 2].
    const one = await runGraph(g, { x: { data: Float32Array.from([1, 2]), dims: [1, 2] } });
    expect(Array.from(one.y!.data)).toEqual([9.5, 11, 17]);
    const two = await runGraph(g, { x: { data: Float32Array.from([1, 2, -1, 0.5]), dims: [2, 2] } });
    expect(two.y!.dims).toEqual([2, 3]);
    expect(Array.from(two.y!.data)).toEqual([9.5, 11, 17, 1.5, -0.5, 2]);
  });

  it('encodes int, ints and float attributes and int64 constants (Clip, ReduceSum with axes input, Transpose)', async () => {
    const g = new OnnxGraph();
    const x = g.input('x', [2, 3]);
    const [transposed] = g.node('Transpose', [x], { perm: { ints: [1, 0] } });
    const low = g.constant({ float32: Float32Array.from([0]), dims: [] });
    const high = g.constant({ float32: Float32Array.from([6]), dims: [] });
    const [clipped] = g.node('Clip', [transposed!, low, high]);
    const axes = g.constant({ int64: [1], dims: [1] }, 'axes');
    const [summed] = g.node('ReduceSum', [clipped!, axes], { keepdims: { int: 0 } });
    const [scaled] = g.node('LeakyRelu', [summed!], { alpha: { float: 0.25 } });
    g.output('sum', summed!, [3]);
    g.output('transposed', transposed!, [3, 2]);
    g.output('scaled', scaled!, [3]);
    // x = [[−1, 2, 7], [3, 8, −4]] → xᵀ = [[−1, 3], [2, 8], [7, −4]] → clip to [0, 6] = [[0, 3], [2, 6], [6, 0]] → row sums [3, 8, 6].
    const out = await runGraph(g, { x: { data: Float32Array.from([-1, 2, 7, 3, 8, -4]), dims: [2, 3] } });
    expect(Array.from(out.transposed!.data)).toEqual([-1, 3, 2, 8, 7, -4]);
    expect(Array.from(out.sum!.data)).toEqual([3, 8, 6]);
    expect(Array.from(out.scaled!.data)).toEqual([3, 8, 6]);
  });

  it('gives a node several outputs and lets an input be an output', async () => {
    const g = new OnnxGraph();
    const x = g.input('x', [4]);
    const split = g.constant({ int64: [1, 3], dims: [2] });
    const [head, tail] = g.node('Split', [x, split], { axis: { int: 0 } }, 2);
    g.output('head', head!, [1]);
    g.output('tail', tail!, [3]);
    g.output('same', x, [4]);
    const out = await runGraph(g, { x: { data: Float32Array.from([1, 2, 3, 4]), dims: [4] } });
    expect(Array.from(out.head!.data)).toEqual([1]);
    expect(Array.from(out.tail!.data)).toEqual([2, 3, 4]);
    expect(Array.from(out.same!.data)).toEqual([1, 2, 3, 4]);
  });

  it('carries metadata properties into the encoded model', () => {
    const g = new OnnxGraph();
    g.output('y', g.input('x', [1]), [1]);
    g.metadata('image_size', '256');
    g.metadata('model', 'padim');
    g.metadata('model', 'dfkdm');
    expect(readOnnxMetadata(g.encode())).toEqual({ image_size: '256', model: 'dfkdm' });
  });

  it('refuses unknown value names, reused names and a graph without outputs', () => {
    const g = new OnnxGraph('test');
    const x = g.input('x', [1]);
    expect(() => g.node('Relu', ['nope'])).toThrow('graph test: no value named nope');
    expect(() => g.input('x', [1])).toThrow('graph test: the name x is already used');
    expect(() => g.encode()).toThrow('graph test declares no outputs');
    expect(() => g.constant({ float32: new Float32Array(3), dims: [2, 2] })).toThrow('3 values for dims [2,2]');
    g.output('y', x, [1]);
    expect(() => g.output('y', x, [1])).toThrow('the name y is already used');
  });
});
