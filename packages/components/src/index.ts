export * from './gaussian-blur';
export * from './ssim';
export * from './reconstruction';
export * from './layers-autoencoder';
export * from './feature-cache';
export * from './density';
export * from './backbone';
export * from './feature-maps';
