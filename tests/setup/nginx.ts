// A throwaway nginx for tests, configured as docs/deploy.md says: its `nginx` block is read from
// the document and only its ports are changed, so the test runs what the documentation tells
// people to run (scripts/services.js, shared with the bench).
export { startNginx, documentedConfig, withPorts } from '../../scripts/services.js';
export type { Nginx } from '../../scripts/services.js';
