export * from './onnx-graph';
export * from './ort-session';
export * from './onnx-runtime';
export * from './model-metadata';
export * from './scoring-graph';
