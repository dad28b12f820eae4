import { customType, timestamp } from 'drizzle-orm/pg-core';

/**
 * What SQLite keeps as `integer({ mode: 'timestamp_ms' })`: a Date, to the millisecond. With a
 * time zone, so the stored instant does not depend on the session's `TimeZone`; precision 3,
 * because a Date holds no finer time, so a value written by `now()` reads back as it compares.
 */
export const timestampMs = (name: string) =>
	timestamp(name, { mode: 'date', precision: 3, withTimezone: true });

/**
 * What SQLite keeps as `blob({ mode: 'buffer' })`: a Buffer, as better-sqlite3 hands back.
 * node-postgres and postgres.js read bytea as a Buffer already; a driver that reads it as a
 * Uint8Array, or as the text form (`\x…`), is brought to one here.
 */
export const bytes = customType<{ data: Buffer; driverData: Buffer | Uint8Array | string }>({
	dataType: () => 'bytea',
	toDriver: (value) => value,
	fromDriver: (value) => {
		if (Buffer.isBuffer(value)) return value;
		if (typeof value === 'string') return Buffer.from(value.replace(/^\\x/, ''), 'hex');
		return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
	}
});
