import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Form posts are checked for their origin by src/lib/server/csrf.ts (from the first hook),
		// which refuses any origin but ours as SvelteKit's own check does, and also knows two
		// things SvelteKit's cannot: our own forms under `Referrer-Policy: no-referrer` arrive
		// with `Origin: null` (told apart from a forged post by Sec-Fetch-Site), and a mail
		// program's one-click unsubscribe arrives with no origin at all, carrying its own
		// signed token and touching no session.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				// SvelteKit adds nonces/hashes for its own inline bootstrap; nothing else inline.
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
