import { defineConfig } from 'drizzle-kit';

/** PostgreSQL's schema and migrations, beside SQLite's (drizzle.config.ts); generated without a database. */
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema-pg/index.ts',
	out: './drizzle/pg',
	strict: true,
	verbose: true
});
