import type { PageLoad } from './$types';

/**
 * The chart of how agreements were kept shows on the home only in rebuilding; it is loaded only
 * then, so that every other visit to the home stays light. The server draws it too.
 */
export const load: PageLoad = async ({ data }) => ({
	...data,
	KeepingChart:
		data.mode === 'member' && data.weeks.length
			? (await import('$lib/components/agreements/KeepingChart.svelte')).default
			: null
});
