/**
 * After a form sent in place succeeds, the framework moves the keyboard's focus to the top of
 * the page, as it does for a new page: someone using the keyboard would have to find their way
 * back. On the same page, focus goes back to the button that sent the form, or, when that is
 * gone (the answer changed what the page offers), to the first control left in its form, or to
 * the heading of its section. Returns what removes the listeners.
 */
export function keepFocusAcrossActions(doc: Document = document): () => void {
	let sent: { button: HTMLElement | null; form: HTMLFormElement; path: string; at: number } | null =
		null;

	const onSubmit = (event: SubmitEvent) => {
		const form = event.target;
		if (!(form instanceof HTMLFormElement)) return;
		const button = event.submitter instanceof HTMLElement ? event.submitter : null;
		sent = { button, form, path: doc.location.pathname, at: Date.now() };
	};

	const onFocus = (event: FocusEvent) => {
		if (event.target !== doc.body || !sent) return;
		const { button, form, path, at } = sent;
		sent = null;
		// Only the reset that follows this form's answer on this page, not a later move.
		if (doc.location.pathname !== path || Date.now() - at > 30_000) return;
		const target =
			[
				button,
				form.isConnected
					? form.querySelector<HTMLElement>('button, input:not([type=hidden]), textarea, select')
					: null
			].find((el) => el?.isConnected) ?? headingNear(form);
		target?.focus();
	};

	doc.addEventListener('submit', onSubmit, true);
	doc.addEventListener('focusin', onFocus, true);
	return () => {
		doc.removeEventListener('submit', onSubmit, true);
		doc.removeEventListener('focusin', onFocus, true);
	};
}

/** The heading of the section a form was in (made focusable for this), if it is still there. */
function headingNear(form: HTMLFormElement): HTMLElement | null {
	const section = form.closest('section, article');
	const heading = section?.isConnected ? section.querySelector<HTMLElement>('h1, h2, h3') : null;
	if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
	return heading ?? null;
}
