import { getContext, setContext, tick } from 'svelte';
import type { LiveConversation, Outgoing } from '$lib/conversation.svelte';
import { initial, pauseLeft, replay, turnLeft, type Event } from '$lib/domain/conversation';
import { commandFrom, type CommandInput } from '$lib/domain/conversation-input';
import type { LiveConnection } from '$lib/realtime/client.svelte';
import type { ActionData, PageData } from './$types';

/** The boxes one writes in (their ids on the page); a refused send can be put back into its box. */
export type Box =
	'message' | 'reflection' | 'clarification' | 'note' | 'summary-heard' | 'summary-try';

/**
 * Which box a command's words came from, and the words: of a command, or of a form's fields as
 * posted (which may be refused, as too long, and still go back into their box).
 */
export function boxOf(command: {
	type?: string;
	text?: string;
	clarification?: string;
	section?: string;
}): { box: Box; text: string } | null {
	const { type, text = '', clarification = '', section } = command;
	if (type === 'message') return { box: 'message', text };
	if (type === 'reflect') return { box: 'reflection', text };
	if (type === 'note') return { box: 'note', text };
	if (type === 'confirm')
		return clarification ? { box: 'clarification', text: clarification } : null;
	if (type === 'summary' && (section === 'heard' || section === 'try'))
		return { box: `summary-${section}`, text };
	return null;
}

/**
 * One conversation page as the person sees it: the events added up (on the server, so the
 * page works without scripts, and here), who is who, the clock for countdowns, the words in
 * each box, and the one way every form sends its command.
 */
export class Chat {
	readonly conv: LiveConversation | null;
	#page: () => { data: PageData; form: ActionData };
	#live: LiveConnection | undefined;

	/** A clock for countdowns; without scripts the page shows the end times instead. */
	now = $state(Date.now());
	ticking = $state(false);
	boxes = $state<Record<Box, string>>({
		message: '',
		reflection: '',
		clarification: '',
		note: '',
		'summary-heard': '',
		'summary-try': ''
	});
	/** Why a form's command was not sent, by the form's name. */
	problems = $state<Record<string, string>>({});
	/** With scripts the end is asked about in place; without, the server asks. */
	askingEnd = $state(false);

	constructor(
		page: () => { data: PageData; form: ActionData },
		live: LiveConnection | undefined,
		conv: LiveConversation | null
	) {
		this.#page = page;
		this.#live = live;
		this.conv = conv;
		// Words a form sent without scripts was refused with go back into their box.
		const form = page().form;
		const values = form && 'values' in form ? form.values : undefined;
		if (values?.type) {
			const back = boxOf(values);
			if (back) this.boxes[back.box] = back.text;
			const problem =
				form && 'fieldErrors' in form ? Object.values(form.fieldErrors ?? {})[0] : null;
			const name = back?.box ?? (values.type === 'timeout' ? 'timeout' : null);
			if (name && problem) this.problems[name] = problem;
		}
	}

	get data(): PageData {
		return this.#page().data;
	}
	get form(): ActionData {
		return this.#page().form;
	}
	get me() {
		return this.data.me;
	}

	events = $derived.by<Event[]>(() => (this.conv ? this.conv.events : this.#page().data.events));
	state = $derived.by(() => {
		if (this.conv) return this.conv.state;
		const c = this.#page().data.conversation;
		return replay(initial(c.format, c.turnSeconds, true), this.#page().data.events);
	});
	status = $derived(this.state.status);
	sl = $derived(this.state.format === 'speaker_listener');
	holder = $derived(this.state.floor);
	iHold = $derived(this.state.floor !== null && this.state.floor === this.me.userId);
	isPartner = $derived(this.me.role === 'partner');
	isCounselor = $derived(this.me.role === 'counselor');
	begun = $derived(this.events.some((e) => e.kind === 'begin'));
	/** Seconds until a time-out may be resumed, and left in the current turn. */
	left = $derived(pauseLeft(this.state, this.now));
	turn = $derived(turnLeft(this.state, this.now));

	/** The boxes on the page right now: only words for one of these can be put back. */
	shown = $derived.by(() => {
		const s = this.state;
		const going = s.status === 'live' || s.status === 'paused';
		const candidates: [Box, boolean][] = [
			['message', s.status === 'live' && (!this.sl || this.iHold)],
			['reflection', s.status === 'live' && this.sl && this.isPartner && !this.iHold],
			['clarification', s.status === 'live' && this.sl && this.iHold && s.awaiting !== null],
			['note', this.isCounselor && going],
			['summary-heard', s.status === 'ended' && this.begun],
			['summary-try', s.status === 'ended' && this.begun]
		];
		return this.me.canTakePart ? candidates.filter(([, shown]) => shown).map(([box]) => box) : [];
	});

	nameOf = (id: string | null | undefined): string =>
		id === this.me.userId ? 'You' : (id && this.data.people.names[id]) || 'Someone';
	/** The same, inside a sentence ("gave the floor to you"). */
	toWhom = (id: string | null | undefined): string =>
		id === this.me.userId ? 'you' : this.nameOf(id);

	/**
	 * Every form's submit: with a live connection, the command is built from the form's fields
	 * with the shared command schema and sent through it (queued while offline); a command the
	 * schema refuses (too long, say) is not sent, and the form says why. Without one (or once
	 * the session behind it ended) the form posts as usual.
	 */
	submit = (e: SubmitEvent & { currentTarget: HTMLFormElement }): void => {
		if (!this.conv || this.#live?.status === 'offline') return;
		e.preventDefault();
		const form = e.currentTarget;
		const fields: Record<string, string> = {};
		for (const [name, value] of new FormData(form, e.submitter))
			if (typeof value === 'string') fields[name] = value;
		const parsed = commandFrom(fields);
		if (!parsed.success) {
			this.problems[form.name] =
				parsed.error.issues[0]?.message ?? 'Please check this and try again.';
			return;
		}
		delete this.problems[form.name];
		this.conv.send(parsed.data);
		form.reset();
		const box = boxOf(parsed.data)?.box;
		if (box) this.boxes[box] = '';
		if (parsed.data.type === 'end') this.askingEnd = false;
	};

	/** Words of a refused send go back into their box, to be changed and sent again. */
	putBack = async (o: Outgoing): Promise<void> => {
		const back = boxOf(o.command);
		if (!back || !this.shown.includes(back.box)) return;
		// Whatever is being written there already stays, first.
		const current = this.boxes[back.box].trimEnd();
		this.boxes[back.box] = current ? `${current}\n\n${back.text}` : back.text;
		this.conv?.dismiss(o.clientId);
		await tick();
		document.getElementById(back.box)?.focus();
	};

	/** What a command on its way says, in the list of what is being sent. */
	labelOf = (command: CommandInput): string =>
		'text' in command
			? command.text
			: command.type === 'confirm'
				? command.verdict === 'right'
					? "That's right"
					: 'Not quite'
				: command.type;
}

const KEY = Symbol('conversation-chat');

export const setChat = (chat: Chat): Chat => setContext(KEY, chat);
export const getChat = (): Chat => getContext<Chat>(KEY);

export const clock = (seconds: number): string =>
	`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
