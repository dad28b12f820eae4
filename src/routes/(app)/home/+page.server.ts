import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const user = locals.user!;
	return { displayName: user.displayName, kind: user.kind };
};
