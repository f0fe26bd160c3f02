export * from './types';
export * from './errors';
export * from './random';
export * from './atomic';
export * from './model-files';
export * from './float-files';
export * from './saved-json';
