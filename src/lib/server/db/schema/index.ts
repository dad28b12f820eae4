export * from './auth';
export * from './spaces';
export * from './notes';
export * from './agreements';
export * from './journey';
export * from './conversations';
export * from './checkins';
export * from './mail';
