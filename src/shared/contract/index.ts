export * from './api-types';
export * from './app-schemas';
export * from './build-api';
export * from './errors';
export * from './event-contract';
export * from './invoke-contract';
export * from './run-schemas';
export * from './settings-schemas';
