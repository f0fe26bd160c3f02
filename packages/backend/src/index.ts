export { BACKEND_NAMES } from './types';
export type { BackendInfo, BackendName, BackendOptions } from './types';
export { initBackend } from './select';
export { describeBackend } from './describe';
