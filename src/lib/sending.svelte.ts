import type { ActionResult, SubmitFunction } from '@sveltejs/kit';

/**
 * A form on its way to the server, for `use:enhance={sending.enhance}`: `busy` until the answer
 * is in, and another press meanwhile sends nothing, so one press sends once. The button says it
 * rests with `aria-disabled={sending.busy}`; it is not disabled, which would take the keyboard's
 * focus away from it. The answer is then shown as it would be without scripts. `keep` leaves
 * what was typed in the fields (for forms that come back with their values and what to fix);
 * `first` sees the answer before the page moves on.
 */
export class Sending {
	busy = $state(false);
	readonly #keep: boolean;
	readonly #first?: (result: ActionResult) => void;

	constructor({
		keep = false,
		first
	}: { keep?: boolean; first?: (result: ActionResult) => void } = {}) {
		this.#keep = keep;
		this.#first = first;
	}

	enhance: SubmitFunction = ({ cancel }) => {
		if (this.busy) {
			cancel();
			return;
		}
		this.busy = true;
		return async ({ result, update }) => {
			try {
				this.#first?.(result);
				await update({ reset: !this.#keep });
			} finally {
				this.busy = false;
			}
		};
	};
}
