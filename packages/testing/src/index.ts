export { writePatternPng, writeSquareMask } from './images';
export type { PixelPattern } from './images';
