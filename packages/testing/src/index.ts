export { writeMaskPng, writePng } from './images';
export type { PixelPattern } from './images';
