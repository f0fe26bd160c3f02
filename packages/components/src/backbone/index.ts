export { FeatureExtractor } from './feature-extractor';
export type { BackboneSpec, LoadOptions } from './spec';
export { pretrainedModelsDir, LAYERS_EMBEDDING_LAYER } from './models-dir';
export { HUB_EMBEDDING_NODES, hubModel, hubModelJsonUrl, defaultModelCacheDir } from './hub';
export type { HubModel } from './hub';

export { backboneConfigSchema, backboneLoadOptions, backboneSpecFor, loadBackbone, loadConfiguredBackbone } from './config';
export type { BackboneConfig, BackboneLoadOptions, FittedBackboneOptions } from './config';
export { checkSameBackbone, extractorId, readBackboneRef, upgradeState } from './reference';
export type { BackboneRef, BackboneStateJson, LegacyStateJson } from './reference';
export { AVERAGE_POOLING, poolAndConcat, poolingId, poolingOf, poolingSchemaProperties } from './pooling';
export type { Pooling, PoolingConfig } from './pooling';
export { FittedBackboneModel } from './fitted-backbone-model';
export type { BackboneState, FittedBackboneConfig, FittedStateFormat } from './fitted-backbone-model';
export { convKernelToOnnx, depthwiseKernelToOnnx, exportToRange, nchwToNhwc, nhwcToNchw, relu6, scalar as graphScalar } from './graph-ops';
export type { GraphOutput } from './graph-ops';
export { exportPoolAndConcat } from './pooling';
export { exportResizeImages } from './preprocess';
