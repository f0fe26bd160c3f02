export * from './graph-ops';
export * from './layers-model-graph';
export * from './map-graph';
export * from './reconstruction-graph';
export * from './density-graph';
export * from './feature-graph';
export * from './backbone-graph';
export * from './ssim-graph';
