export * from './types';
export * from './errors';
export * from './random';
export * from './atomic';
export * from './model-files';
export * from './fs-errors';
export * from './run-layout';
export * from './output-path';
