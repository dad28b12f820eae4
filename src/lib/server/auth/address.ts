import { isIPv4, isIPv6 } from 'node:net';

/** What `clientOf` reports when the server cannot tell where a request came from. */
export const UNKNOWN_ADDRESS = 'unknown';

/**
 * The address limits are keyed by. An IPv4 address is one key. An IPv6 address is keyed by its
 * /64 prefix: a home or a phone is given a whole /64 and can pick any address in it, so one
 * person could otherwise have a fresh key for every attempt. An IPv4 address written as IPv6
 * (`::ffff:1.2.3.4`, what a dual-stack socket reports) is the IPv4 address it carries.
 * Anything that is not an address (a proxy's header gone wrong) is unknown.
 */
export function addressKeyOf(raw: string | undefined | null): string {
	const bare = strip(raw?.trim() ?? '');
	if (isIPv4(bare)) return bare;
	if (!isIPv6(bare)) return UNKNOWN_ADDRESS;
	const groups = expand(bare);
	const mapped = mappedIPv4(groups);
	if (mapped) return mapped;
	return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Drops what proxies add around an address: brackets, a port, an IPv6 zone. */
function strip(value: string): string {
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
	if (bracketed) return bracketed[1]!.split('%')[0]!;
	const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
	if (withPort) return withPort[1]!;
	return value.split('%')[0]!;
}

/** The eight groups of a valid IPv6 address, lower case, without leading zeros. */
function expand(address: string): string[] {
	let text = address.toLowerCase();
	// A dotted IPv4 tail (`::ffff:1.2.3.4`) is two groups.
	const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (tail) {
		const [a, b, c, d] = tail.slice(1).map(Number) as [number, number, number, number];
		text = text.slice(0, tail.index) + `${hex(a * 256 + b)}:${hex(c * 256 + d)}`;
	}
	const [head, rest] = text.split('::') as [string, string | undefined];
	const left = head ? head.split(':') : [];
	const right = rest ? rest.split(':') : [];
	const zeros = rest === undefined ? [] : Array(8 - left.length - right.length).fill('0');
	return [...left, ...zeros, ...right].map((g) => hex(parseInt(g, 16)));
}

const hex = (n: number) => n.toString(16);

function mappedIPv4(groups: string[]): string | undefined {
	const isMapped = groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff';
	if (!isMapped) return undefined;
	const high = parseInt(groups[6]!, 16);
	const low = parseInt(groups[7]!, 16);
	return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}
