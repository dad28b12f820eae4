import { deserialize } from '$app/forms';
import { invalidateAll } from '$app/navigation';
import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Keeps what is being written. Every change is copied to this tab's sessionStorage at once
 * (so a reload or a dropped connection loses nothing) and sent to the server shortly after.
 * The tab copy is removed once the server has it, and on log-out and quick exit. It belongs to
 * the person who wrote it: if their session runs out meanwhile, it is still there after they
 * log in again, and nobody else who logs in on this tab ever sees it.
 */
const PREFIX = 'trellis-draft:';
const DELAY_MS = 800;

type Fields = Record<string, string | string[]>;
interface Kept {
	/** When it was typed, by this device's clock (only compared with itself). */
	at: number;
	/** The server's save this copy was typed on top of (by the server's clock; 0 if none). */
	basedOn?: number;
	fields: Fields;
}

const isLogIn = (location: string) => new URL(location, 'http://x').pathname === '/login';

export function clearDrafts(): void {
	try {
		for (const key of Object.keys(sessionStorage))
			if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
	} catch {
		// Storage can be unavailable (private modes); nothing was kept then.
	}
}

function read(form: HTMLFormElement): Fields {
	const fields: Fields = {};
	for (const [name, value] of new FormData(form)) {
		if (typeof value !== 'string' || name === 'clientId' || name === 'draftKey') continue;
		const seen = fields[name];
		fields[name] = seen === undefined ? value : [...[seen].flat(), value];
	}
	// A group of checkboxes with none ticked still needs saying.
	for (const box of form.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))
		fields[box.name] ??= [];
	return fields;
}

function fill(form: HTMLFormElement, fields: Fields): void {
	for (const [name, value] of Object.entries(fields)) {
		const values = [value].flat();
		for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
			`[name="${CSS.escape(name)}"]`
		)) {
			if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'))
				el.checked = values.includes(el.value);
			else if (el.type !== 'hidden') el.value = values[0] ?? '';
			el.dispatchEvent(new Event('input', { bubbles: true }));
		}
	}
}

export class DraftKeeper {
	status = $state<'idle' | 'saving' | 'saved' | 'local' | 'restored'>('idle');
	#timer: ReturnType<typeof setTimeout> | undefined;
	#key: string;
	readonly #place: string;
	#storageKey: string;
	/** The server's latest save of this draft that this tab knows of. */
	#base: number;
	/** One save on its way at a time; a change meanwhile is sent after it. */
	#sending = false;
	#again = false;
	readonly #moved?: (key: string) => void;

	constructor(
		/** The person writing. */
		userId: string,
		spaceId: string,
		key: string,
		/** When the server last saved this draft (0 if never). */
		private readonly serverSavedAt: number,
		/**
		 * Told when the server kept this draft under another key: another device had meanwhile
		 * begun a new note of the same kind, and each keeps its own.
		 */
		moved?: (key: string) => void
	) {
		this.#key = key;
		this.#place = `${PREFIX}${userId}:${spaceId}:`;
		this.#storageKey = this.#place + key;
		this.#base = serverSavedAt;
		this.#moved = moved;
	}

	/** Attach to a form: `{@attach keeper.attach}`. */
	attach = (form: HTMLFormElement) => {
		const kept = this.#load();
		// Typed on top of what the server has now (or later): this tab's copy is the newest. The
		// server's clock is compared only with itself, so a device whose clock is off loses nothing.
		// (Typed after the server's save by this device's own clock counts too: the answer to a save
		// that did go through may have been lost on the way.)
		if (kept && ((kept.basedOn ?? -1) >= this.serverSavedAt || kept.at > this.serverSavedAt)) {
			fill(form, kept.fields);
			this.status = 'restored';
			// Sent as typed on top of what it was: if another device saved since, the server keeps
			// both rather than this one replacing that.
			if (kept.basedOn !== undefined) this.#base = Math.min(this.#base, kept.basedOn);
			this.#schedule();
		}
		const onChange = () => {
			this.#store({ at: Date.now(), basedOn: this.#base, fields: read(form) });
			this.#schedule();
		};
		const retry = () => {
			if (this.#load()) this.#schedule();
		};
		form.addEventListener('input', onChange);
		form.addEventListener('change', onChange);
		window.addEventListener('online', retry);
		return () => {
			clearTimeout(this.#timer);
			form.removeEventListener('input', onChange);
			form.removeEventListener('change', onChange);
			window.removeEventListener('online', retry);
		};
	};

	/**
	 * For the form's own submit, `use:enhance={keeper.enhance}`: once the server has taken what
	 * was written (saved, or moved on to another page), nothing is left to keep; what is in the
	 * fields stays there either way. Sent to log in instead (the session had run out), it was
	 * not taken: the tab copy waits for the person's return.
	 */
	enhance: SubmitFunction =
		() =>
		async ({ result, update }) => {
			if (result.type === 'success' || (result.type === 'redirect' && !isLogIn(result.location)))
				this.forget();
			// Refused because it changed elsewhere meanwhile: show what is saved there now, too.
			if (
				result.type === 'failure' &&
				(result.data as { code?: string } | undefined)?.code === 'conflict'
			)
				await invalidateAll();
			await update({ reset: false });
		};

	/** After the note itself was saved: nothing left to keep. */
	forget(): void {
		clearTimeout(this.#timer);
		try {
			sessionStorage.removeItem(this.#storageKey);
		} catch {
			// Nothing was kept.
		}
	}

	#load(): Kept | null {
		try {
			const raw = sessionStorage.getItem(this.#storageKey);
			return raw ? (JSON.parse(raw) as Kept) : null;
		} catch {
			return null;
		}
	}

	#store(kept: Kept): void {
		try {
			sessionStorage.setItem(this.#storageKey, JSON.stringify(kept));
		} catch {
			// Full or unavailable storage: the server copy still follows.
		}
	}

	#schedule(): void {
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => void this.#send(), DELAY_MS);
	}

	async #send(): Promise<void> {
		if (this.#sending) {
			this.#again = true;
			return;
		}
		const kept = this.#load();
		if (!kept) return;
		const body = new FormData();
		body.set('draftKey', this.#key);
		body.set('basedOn', String(this.#base));
		for (const [name, value] of Object.entries(kept.fields))
			for (const v of [value].flat()) body.append(name, v);
		this.status = 'saving';
		this.#sending = true;
		let movedTo: string | null = null;
		try {
			const response = await fetch(`${location.pathname}?/saveDraft`, {
				method: 'POST',
				body,
				headers: { accept: 'application/json', 'x-sveltekit-action': 'true' }
			});
			const result = deserialize(await response.text());
			if (result.type !== 'success') throw new Error(result.type);
			const answer = result.data as { savedAt?: unknown; draftKey?: unknown } | undefined;
			if (typeof answer?.draftKey === 'string' && answer.draftKey !== this.#key)
				movedTo = this.#moveTo(answer.draftKey);
			if (typeof answer?.savedAt === 'number') this.#base = answer.savedAt;
			// Only forget the tab copy if nothing was typed while this was on its way; what was
			// typed meanwhile goes on from what the server now has.
			const latest = this.#load();
			if (latest?.at === kept.at) this.forget();
			else if (latest) this.#store({ ...latest, basedOn: this.#base });
			this.status = 'saved';
		} catch {
			// Kept in this tab; sent again on the next change, or when the device is back online.
			this.status = 'local';
		} finally {
			this.#sending = false;
		}
		if (movedTo) this.#moved?.(movedTo);
		if (this.#again) {
			this.#again = false;
			void this.#send();
		}
	}

	/** Carries this tab's copy over to the key the server now keeps the draft under. */
	#moveTo(key: string): string {
		const kept = this.#load();
		try {
			sessionStorage.removeItem(this.#storageKey);
		} catch {
			// Nothing was kept.
		}
		this.#key = key;
		this.#storageKey = this.#place + key;
		if (kept) this.#store(kept);
		return key;
	}
}
