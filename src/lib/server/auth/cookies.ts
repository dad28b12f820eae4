/** Reads one cookie from a raw Cookie header (used by the socket handshake). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() !== name) continue;
		const raw = part
			.slice(eq + 1)
			.trim()
			.replace(/^"(.*)"$/, '$1');
		try {
			return decodeURIComponent(raw);
		} catch {
			return null;
		}
	}
	return null;
}
