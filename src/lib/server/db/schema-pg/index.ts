/**
 * The PostgreSQL schema: the tables of ../schema (SQLite), with the same names, keys and indexes,
 * in column types that hand the services the same JavaScript values (schema-parity.test.ts holds
 * the two together). Times are `timestamptz(3)` read as Dates, flags `boolean`, blobs `bytea` read
 * as Buffers. JSON is `json`, not `jsonb`: json keeps the text as it was written, so an object
 * reads back with its keys in the order they were written, as from SQLite's text; jsonb reorders
 * them, and a draft's fields are shown in the order of the form (`draftText`).
 */
export * from './auth';
export * from './spaces';
export * from './notes';
export * from './agreements';
export * from './journey';
export * from './conversations';
export * from './checkins';
export * from './mail';
export * from './notifications';
