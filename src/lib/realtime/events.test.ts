import { describe, expect, it } from 'vitest';
import { clientEvents, isClientEvent, serverEvents } from './events';

describe('socket event contract', () => {
	const ping = clientEvents['system:ping'].payload;

	it('accepts a well-formed ping', () => {
		expect(ping.parse({ sentAt: 123 })).toEqual({ sentAt: 123 });
	});

	it.each([
		undefined,
		null,
		'x',
		42,
		[],
		{},
		{ sentAt: '1' },
		{ sentAt: Infinity },
		{ sentAt: 1, extra: true }
	])('refuses ping payload %j', (payload) => expect(ping.safeParse(payload).success).toBe(false));

	it('knows its own events and nothing else', () => {
		expect(isClientEvent('system:ping')).toBe(true);
		expect(isClientEvent('toString')).toBe(false);
		expect(isClientEvent('__proto__')).toBe(false);
	});

	it('describes why a session ended with a fixed set of reasons', () => {
		expect(serverEvents['session:ended'].safeParse({ reason: 'logged_out' }).success).toBe(true);
		expect(serverEvents['session:ended'].safeParse({ reason: 'because' }).success).toBe(false);
	});
});
