import { generateHOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { setTimeout as wait } from 'node:timers/promises';
import { expectStatus, PASSWORD, type Visitor } from './http';

const STEP_MS = 30_000;
const stepAt = (ms: number) => Math.floor(ms / STEP_MS);

/** The key as it is shown to type into an app: base32 in groups, spaces ignored. */
export function keyFromText(text: string): Uint8Array {
	return decodeBase32IgnorePadding(text.replace(/\s/g, ''));
}

/** The key as the account page shows it to its owner (text to type into an app). */
export function keyFromPage(html: string): Uint8Array {
	const text = /<code class="key[^"]*">([A-Z2-7 ]+)<\/code>/.exec(html)?.[1];
	if (!text) throw new Error('no key to type in on the page');
	return keyFromText(text);
}

/** The recovery codes on a page (shown once, after turning it on or making new ones). */
export function recoveryCodesIn(html: string): string[] {
	return [...html.matchAll(/<code[^>]*>([a-km-np-z2-9]{5}-[a-km-np-z2-9]{5})<\/code>/g)].map(
		(m) => m[1]!
	);
}

/**
 * An authenticator app holding one key. Each code it gives is for a later step than the last
 * (the server takes a step once), starting one step back, as the server allows for drift.
 */
export class Authenticator {
	private last = -Infinity;
	constructor(readonly key: Uint8Array) {}

	async code(): Promise<string> {
		// Not in a step's last seconds: the server must see the same step as this clock does.
		const into = Date.now() % STEP_MS;
		if (into > STEP_MS - 3_000) await wait(STEP_MS - into + 50);
		const current = stepAt(Date.now());
		const step = Math.max(current - 1, this.last + 1);
		// A fourth code within a step would be ahead of the server's window: wait for the next step.
		if (step > current + 1) {
			await wait(STEP_MS - (Date.now() % STEP_MS) + 50);
			return this.code();
		}
		this.last = step;
		return generateHOTP(this.key, BigInt(step), 6);
	}

	/** A code the app showed earlier (already used), to try again. */
	codeUsed(): string {
		return generateHOTP(this.key, BigInt(this.last), 6);
	}
}

/** Turns two-step on from the account page, as its owner would; returns their app and codes. */
export async function turnOnTwoStep(visitor: Visitor) {
	await expectStatus(await visitor.post('/account?/startTwoStep', { password: PASSWORD }), 200);
	const page = await (await expectStatus(await visitor.get('/account'), 200)).text();
	const app = new Authenticator(keyFromPage(page));
	const done = await expectStatus(
		await visitor.post('/account?/confirmTwoStep', { otp: await app.code() }),
		200
	);
	const recoveryCodes = recoveryCodesIn(await done.text());
	if (recoveryCodes.length !== 10) throw new Error('no recovery codes shown after turning it on');
	return { app, recoveryCodes };
}

/** Logs in with the password, then the code: as a person with two-step on does. */
export async function logInWithCode(visitor: Visitor, email: string, app: Authenticator) {
	const first = await expectStatus(await visitor.logIn(email, PASSWORD), 303);
	if (!first.headers.get('location')?.startsWith('/login/code'))
		throw new Error('the password alone did not lead to the code');
	return visitor.post(first.headers.get('location')!, { otp: await app.code() });
}
