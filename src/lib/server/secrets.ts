import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { decodeHex, encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { dirname, join } from 'node:path';
import { databasePath } from './db/paths';
import { madeOnce } from './made-once';

const KEY = Symbol.for('trellis.server-key');
const KEY_BYTES = 32;
type Holder = { [KEY]?: Uint8Array };

/**
 * The server's own key, for links it derives or signs. `APP_SECRET` when given; otherwise made
 * at first start and kept in `server.key` beside the database, readable by its owner only. It is
 * never in the database, so a copy of the database alone cannot forge or follow a link.
 */
export function serverKey(): Uint8Array {
	const holder = globalThis as Holder;
	holder[KEY] ??= loadKey();
	return holder[KEY];
}

function loadKey(): Uint8Array {
	const given = process.env.APP_SECRET;
	if (given) {
		if (given.length < 32) throw new Error('APP_SECRET must be at least 32 characters long.');
		return new TextEncoder().encode(given);
	}
	return madeOnce(
		join(dirname(databasePath()), 'server.key'),
		() => encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(KEY_BYTES))) + '\n',
		(text) => {
			const key = decodeHex(text.trim());
			if (key.length !== KEY_BYTES) throw new Error('not a key');
			return key;
		}
	);
}

/** A secret derived from the server's key for one purpose (`label`): the same label, the same secret. */
export function derivedSecret(label: string): string {
	return encodeBase32LowerCaseNoPadding(derivedKey(label));
}

/** The same, as 32 raw bytes: a key for a cipher. */
export function derivedKey(label: string): Uint8Array {
	return hmac(SHA256, serverKey(), new TextEncoder().encode(label));
}
