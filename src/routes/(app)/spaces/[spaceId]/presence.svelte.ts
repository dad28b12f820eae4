import { getContext, setContext } from 'svelte';

const KEY = Symbol('space-presence');

/** Who has some page of a space open right now, as the live connection last said. */
export class Presence {
	/** The space the list is about, and the list; null until the live connection has answered. */
	heard = $state<{ spaceId: string; online: string[] } | null>(null);

	onlineIn(spaceId: string): string[] | null {
		return this.heard?.spaceId === spaceId ? this.heard.online : null;
	}
}

export const setPresence = (presence: Presence) => setContext(KEY, presence);
export const getPresence = () => getContext<Presence | undefined>(KEY);
