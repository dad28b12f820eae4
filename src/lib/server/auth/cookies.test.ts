import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies';
import { describeDevice } from './device';

describe('readCookie', () => {
	it('finds a cookie among others', () => {
		expect(readCookie('a=1; trellis_session=abc.def; b=2', 'trellis_session')).toBe('abc.def');
	});
	it('returns null when missing, empty header, or undecodable', () => {
		expect(readCookie('a=1', 'trellis_session')).toBeNull();
		expect(readCookie(undefined, 'trellis_session')).toBeNull();
		expect(readCookie('trellis_session=%E0%A4%A', 'trellis_session')).toBeNull();
	});
	it('does not match a cookie whose name merely ends the same', () => {
		expect(readCookie('xtrellis_session=evil', 'trellis_session')).toBeNull();
	});
});

describe('describeDevice', () => {
	it.each([
		[
			'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36',
			'Chrome on Android'
		],
		[
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
			'Safari on iOS'
		],
		[
			'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
			'Firefox on Windows'
		],
		[
			'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0',
			'Edge on macOS'
		],
		['node', 'Unknown device'],
		[null, 'Unknown device']
	])('%s → %s', (ua, expected) => expect(describeDevice(ua)).toBe(expected));
});
