import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migratePostgres, openPostgres } from '../../src/lib/server/db/postgres';
import { startPostgres } from './postgres';

/** A database with the app's migrations applied, that every test database is copied from. */
export const TEMPLATE = 'trellis_migrated';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The test cluster's maintenance database, as the superuser; set in the PostgreSQL project only. */
		postgresAdmin: string;
	}
}

/**
 * For the PostgreSQL run of the suites: one throwaway cluster for the whole run. Every test
 * database and every app started by a test gets a fresh database of its own in it, already
 * migrated.
 */
export default async function setup(project: TestProject) {
	const postgres = await startPostgres();
	const admin = new URL(postgres.url);
	admin.pathname = '/postgres';
	// Migrated once; a copy of it is made in a moment, where migrating each anew takes half a second.
	const client = new pg.Client({ connectionString: admin.href });
	await client.connect();
	await client.query(`create database ${TEMPLATE}`).finally(() => client.end());
	const template = new URL(admin);
	template.pathname = `/${TEMPLATE}`;
	const db = openPostgres(template.href, 1);
	await migratePostgres(db).finally(() => db.$client.end());
	project.provide('postgresAdmin', admin.href);
	return () => postgres.stop();
}
