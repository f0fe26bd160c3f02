export { writePatternPng, writeSquareMask } from './images';
export type { PixelPattern } from './images';
export { generatedData, removeGenerated, scoreAll, trainAndScoreWithoutLeaks, trainEpochs } from './generated-data';
export type { GeneratedData, ScoredTest } from './generated-data';
export { naiveAuroc } from './naive-auroc';
export { defaultConfig } from './default-config';
