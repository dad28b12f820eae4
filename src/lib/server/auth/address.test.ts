import { describe, expect, it } from 'vitest';
import { addressKeyOf, UNKNOWN_ADDRESS } from './address';

describe('the address limits are keyed by', () => {
	it('is the whole address for IPv4', () => {
		expect(addressKeyOf('203.0.113.7')).toBe('203.0.113.7');
		expect(addressKeyOf(' 203.0.113.7 ')).toBe('203.0.113.7');
		expect(addressKeyOf('203.0.113.8')).not.toBe(addressKeyOf('203.0.113.7'));
	});

	it('is the /64 prefix for IPv6, however the address is written', () => {
		const key = addressKeyOf('2001:db8:1:2::a');
		expect(key).toBe('2001:db8:1:2::/64');
		expect(addressKeyOf('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
		expect(addressKeyOf('2001:db8:1:2:3:4:5:6')).toBe(key);
		expect(addressKeyOf('[2001:db8:1:2::9]:443')).toBe(key);
		expect(addressKeyOf('2001:db8:1:2::9%eth0')).toBe(key);
		expect(addressKeyOf('2001:db8:1:3::a')).toBe('2001:db8:1:3::/64');
		expect(addressKeyOf('2001:db8::')).toBe('2001:db8:0:0::/64');
		expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
	});

	it('counts an IPv4 address written as IPv6 as that IPv4 address', () => {
		expect(addressKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressKeyOf('::FFFF:cb00:7107')).toBe('203.0.113.7');
		expect(addressKeyOf('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
		expect(addressKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
	});

	it('drops a port a proxy may add', () => {
		expect(addressKeyOf('203.0.113.7:51000')).toBe('203.0.113.7');
	});

	it('is unknown for anything that is not an address', () => {
		for (const value of ['', 'unknown', 'nginx', '300.1.1.1', '1.2.3', '::g', undefined, null])
			expect(addressKeyOf(value)).toBe(UNKNOWN_ADDRESS);
	});
});
