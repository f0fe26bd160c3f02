export { GRID_RESIZES, resizeToGrid, localAverage, finestGrid, concatOnGrid } from './feature-grid';
export type { GridResize } from './feature-grid';
export { anomalyMaps, MAP_SCORES, mapScores, mapsToArrays } from './anomaly-map';
export type { MapScore } from './anomaly-map';
