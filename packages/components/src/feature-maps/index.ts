export { GRID_RESIZES, resizeToGrid, localAverage, finestGrid, concatOnGrid } from './feature-grid';
export type { GridResize } from './feature-grid';
export { anomalyMaps, mapScores, mapsToArrays } from './anomaly-map';
