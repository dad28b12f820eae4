// A throwaway PostgreSQL server for tests: a cluster of its own in a fresh temp folder, on a free
// loopback port, run from Debian's binaries (scripts/services.js, shared with the bench).
export { startPostgres } from '../../scripts/services.js';
export type { Postgres } from '../../scripts/services.js';
