import { inject } from 'vitest';

// Before any module of the app is loaded: the services of this test process use PostgreSQL's
// tables (db/schema chooses by DATABASE_URL). Each test's own databases are made fresh
// (tests/helpers/engine.ts); this URL only names the engine and the cluster.
process.env.DATABASE_URL = inject('postgresAdmin');
