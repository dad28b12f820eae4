// A throwaway Redis server for tests: Debian's redis-server on a free loopback port, in a fresh
// temp folder, keeping nothing on disk (scripts/services.js, shared with the bench).
export { startRedis } from '../../scripts/services.js';
export type { Redis } from '../../scripts/services.js';
