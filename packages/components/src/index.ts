export * from './gaussian-blur';
export * from './density';
export * from './backbone';
