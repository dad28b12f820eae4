import {
	createDecipheriv,
	createECDH,
	createPublicKey,
	hkdfSync,
	randomBytes,
	verify
} from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * A push service on loopback, with browsers of its own: each device has a key pair and an auth
 * secret as a browser's would, and every message that reaches it is checked (VAPID signature,
 * audience, expiry) and decrypted (RFC 8291, aes128gcm) as the browser would.
 */
export interface Device {
	id: string;
	endpoint: string;
	p256dh: string;
	auth: string;
	/**
	 * Answer for this device's messages (201 unless set): 410 means "this subscription is gone";
	 * 0, none at all (a push service that takes the message and never answers).
	 */
	answer: number;
}

export interface Received {
	device: string;
	/** The decrypted message, parsed. */
	message: { title: string; body: string; path: string };
	plaintext: string;
	headers: Record<string, string | string[] | undefined>;
	/** The VAPID public key the message was signed with. */
	signedBy: string;
}

const b64 = (b: Buffer) => b.toString('base64url');

export interface PushService {
	origin: string;
	received: Received[];
	/** Requests that failed the checks, with why. */
	refused: string[];
	device(): Device;
	/** Resolves once `count` messages have arrived in all. */
	until(count: number): Promise<void>;
	close(): Promise<void>;
}

function verifyVapid(authorization: string, endpoint: string): string {
	const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
	if (!m) throw new Error('no VAPID authorization');
	const [, jwt, k] = m as unknown as [string, string, string];
	const [head, payload, signature] = jwt.split('.') as [string, string, string];
	const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string };
	if (header.alg !== 'ES256') throw new Error('not ES256');
	const raw = Buffer.from(k, 'base64url');
	const key = createPublicKey({
		key: { kty: 'EC', crv: 'P-256', x: b64(raw.subarray(1, 33)), y: b64(raw.subarray(33, 65)) },
		format: 'jwk'
	});
	const ok = verify(
		'sha256',
		Buffer.from(`${head}.${payload}`),
		{ key, dsaEncoding: 'ieee-p1363' },
		Buffer.from(signature, 'base64url')
	);
	if (!ok) throw new Error('bad VAPID signature');
	const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
		aud: string;
		exp: number;
		sub: string;
	};
	if (claims.aud !== new URL(endpoint).origin) throw new Error('wrong audience');
	if (claims.exp * 1000 < Date.now() || claims.exp * 1000 > Date.now() + 24 * 3600_000 + 60_000)
		throw new Error('bad expiry');
	if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error('bad subject');
	return k;
}

function decrypt(body: Buffer, ua: ReturnType<typeof createECDH>, authSecret: Buffer): string {
	const salt = body.subarray(0, 16);
	const rs = body.readUInt32BE(16);
	const idLength = body[20]!;
	const asPublic = body.subarray(21, 21 + idLength);
	const record = body.subarray(21 + idLength);
	if (record.length > rs) throw new Error('more than one record');
	const secret = ua.computeSecret(asPublic);
	const uaPublic = ua.getPublicKey();
	const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
	const ikm = Buffer.from(hkdfSync('sha256', secret, authSecret, keyInfo, 32));
	const cek = Buffer.from(
		hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16)
	);
	const nonce = Buffer.from(
		hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12)
	);
	const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
	decipher.setAuthTag(record.subarray(record.length - 16));
	const padded = Buffer.concat([
		decipher.update(record.subarray(0, record.length - 16)),
		decipher.final()
	]);
	// The last record ends with a 2, then any zeros of padding.
	let end = padded.length - 1;
	while (end >= 0 && padded[end] === 0) end--;
	if (padded[end] !== 2) throw new Error('bad padding delimiter');
	return padded.subarray(0, end).toString('utf8');
}

export async function startPushService(): Promise<PushService> {
	const devices = new Map<
		string,
		Device & { ecdh: ReturnType<typeof createECDH>; secret: Buffer }
	>();
	const received: Received[] = [];
	const refused: string[] = [];
	const waiters: { count: number; ok: () => void }[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const id = req.url?.replace('/push/', '') ?? '';
			const device = devices.get(id);
			if (!device) {
				res.writeHead(404).end();
				return;
			}
			try {
				if (req.method !== 'POST') throw new Error('not a POST');
				if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error('not aes128gcm');
				if (!Number(req.headers.ttl)) throw new Error('no TTL');
				const signedBy = verifyVapid(String(req.headers.authorization), device.endpoint);
				const plaintext = decrypt(Buffer.concat(chunks), device.ecdh, device.secret);
				received.push({
					device: id,
					plaintext,
					message: JSON.parse(plaintext) as Received['message'],
					headers: req.headers,
					signedBy
				});
				for (const w of waiters.filter((w) => received.length >= w.count)) w.ok();
				if (device.answer) res.writeHead(device.answer).end();
			} catch (error) {
				refused.push(error instanceof Error ? error.message : String(error));
				res.writeHead(400).end();
			}
		});
	});
	await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
	const address = server.address();
	const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	return {
		origin,
		received,
		refused,
		device() {
			const id = randomBytes(8).toString('hex');
			const ecdh = createECDH('prime256v1');
			ecdh.generateKeys();
			const secret = randomBytes(16);
			const device = {
				id,
				endpoint: `${origin}/push/${id}`,
				p256dh: b64(ecdh.getPublicKey()),
				auth: b64(secret),
				answer: 201,
				ecdh,
				secret
			};
			devices.set(id, device);
			return device;
		},
		until(count) {
			if (received.length >= count) return Promise.resolve();
			return new Promise((ok) => waiters.push({ count, ok }));
		},
		close: () =>
			new Promise((ok) => {
				server.close(() => ok());
				server.closeAllConnections(); // and the requests left unanswered
			})
	};
}
