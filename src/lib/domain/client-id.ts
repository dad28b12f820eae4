import { z } from 'zod';

/**
 * A random id a device chooses for something it sends (a form when it was shown, a message in a
 * conversation), so that sending it twice does one thing.
 */
export const clientId = z
	.string()
	.regex(/^[a-z0-9-]{8,64}$/, 'Please reload the page and try again.');
