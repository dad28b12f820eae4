export * from './auth';
export * from './spaces';
