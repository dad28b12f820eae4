import type { Perspective } from './spaces';
import { REBUILDING } from './journey';

/**
 * What each stage is for, what helps, and its tools, in our own words. A paragraph per
 * perspective speaks to where the person stands; without a perspective it is left out.
 */
export interface Tool {
	name: string;
	about: string;
	/** Where it lives, from the space's own address (e.g. "/spaces/abc"). */
	href: (base: string) => string;
}

export interface StageGuide {
	stage: number;
	purpose: string;
	helps: readonly string[];
	perspective: Record<Perspective, string>;
	tools: readonly Tool[];
}

const journal =
	(query = '') =>
	(base: string) =>
		`${base}/journal${query}`;

export const guides: readonly StageGuide[] = [
	{
		stage: 1,
		purpose:
			'Before anything can be talked through, each of you needs room to feel what you feel. This stage is for you on your own: noticing, naming and looking after yourself. Nothing you write here is seen by anyone unless you choose to share it.',
		helps: [
			'Naming a feeling, even roughly, makes it a little easier to hold.',
			'Writing only for yourself lets you be fully honest.',
			'Short, regular check-ins help more than one long one.',
			'Being as kind to yourself as you would be to a good friend.'
		],
		perspective: {
			hurt: 'You may swing between anger, grief, numbness and doubt, sometimes within the same hour. All of it makes sense, and none of it needs defending here.',
			caused:
				'You may be carrying shame, fear of losing everything, or an urge to fix things quickly. This stage asks you to slow down and look honestly at your own feelings, the uncomfortable ones too, without hurrying your partner.',
			mutual:
				'When the hurt runs both ways, it can be hard to know whose pain comes first. You do not have to decide that here: this stage is about your own feelings, one at a time.'
		},
		tools: [
			{
				name: 'Emotion check-in',
				about: 'Name what you feel and how strongly, and watch it move over time.',
				href: journal('/new?kind=emotion')
			},
			{
				name: 'Journaling prompts',
				about: 'Questions about where the hurt and the mistrust come from.',
				href: journal('/prompts')
			},
			{
				name: 'Thought record',
				about: 'Look at a painful thought next to the evidence for and against it.',
				href: journal('/new?kind=thought')
			},
			{
				name: 'Self-compassion exercise',
				about: 'A few minutes of treating yourself the way you would treat a friend.',
				href: journal('/new?kind=compassion')
			},
			{
				name: 'Breathing and grounding',
				about: 'A short, guided breathing exercise for when it all gets too much.',
				href: (base) => `/breathe?from=${encodeURIComponent(`${base}/stages/1`)}`
			}
		]
	},
	{
		stage: 2,
		purpose:
			'Now you begin to talk, slowly and with some structure, so that both of you are heard. The aim is not to settle everything at once but to understand each other a little better each time.',
		helps: [
			'Taking turns: one speaks, the other listens and says back what they heard.',
			'Saying "I feel … because I need …" rather than "you always …".',
			'Writing down the questions you want answered, and choosing when to ask them.',
			'Stopping for a break when it gets too heated, and coming back to it later.'
		],
		perspective: {
			hurt: 'You may have many questions, and it is fair to ask them. It can help to start with the ones that matter most to you now, and to notice which answers you need and which would only hurt more.',
			caused:
				'Your partner may ask the same question more than once. Answering honestly and patiently, without defending yourself, is part of rebuilding. It is also fine to say when you need a pause.',
			mutual:
				'Both of you have things to say and things to hear. Clear turns keep one story from drowning out the other.'
		},
		tools: [
			{
				name: 'Start a conversation',
				about:
					'A live, structured conversation: one speaks, the other reflects back what they heard.',
				href: (base) => `${base}/conversations/new`
			},
			{
				name: '"I feel / I need" statement',
				about: 'Put what you feel and need into words your partner can hear.',
				href: journal('/new?kind=statement')
			},
			{
				name: 'Questions I want answered',
				about: 'Keep your questions in one place, and share them when you are ready.',
				href: journal('/new?kind=question')
			},
			{
				name: 'Shared with you',
				about: 'What your partner has chosen to share with you.',
				href: (base) => `${base}/shared`
			}
		]
	},
	{
		stage: 3,
		purpose:
			'Here each of you looks, on your own, at what happened: how long, how often, how it was hidden, and what has happened since. You both answer the same questions. Your answers stay sealed until both of you have submitted; then you see them side by side. Trellis does not tell you what it was. It shows both views so you can talk about them.',
		helps: [
			'Answering from what you know, and saying "not sure" where you are not.',
			'Noticing where you see things the same way and where you do not, without deciding who is right.',
			'Looking at how agreements have been kept next to what has been said.',
			'Talking it through together, or with a counselor, once you have both seen the answers.'
		],
		perspective: {
			hurt: 'You may not know some of the facts. That is all right: answer from what you know, and say what you do not.',
			caused:
				'This asks for honesty about things that are hard to look at. Your answers stay sealed until both of you have submitted, so you can answer without watching for a reaction.',
			mutual:
				'You may each see different parts of the picture. Answer from your own view; the comparison shows where your views meet.'
		},
		tools: [
			{
				name: 'One-off or pattern? The questions',
				about: 'Answer privately; both sets of answers are shown once you have both submitted.',
				href: (base) => `${base}/assessment`
			},
			{
				name: 'Agreements and how they are kept',
				about: 'The record of what was agreed and how it went.',
				href: (base) => `${base}/agreements`
			},
			{ name: 'My journal', about: 'Room for whatever the questions stir up.', href: journal() }
		]
	},
	{
		stage: 4,
		purpose:
			'Each of you now decides, privately, whether to continue together, to step back, or to take more time. Your choice is sealed: nobody sees it, or even whether you have made it, until both of you have chosen. Then both choices are shown to both of you at the same moment.',
		helps: [
			'Choosing for yourself, not to please or to punish.',
			'Taking more time if you need it. That is a real answer, not a failure.',
			'A short note to your partner can say what the choice alone cannot.'
		],
		perspective: {
			hurt: 'Whatever you choose is yours to choose. Staying is not weakness, and leaving is not failure.',
			caused:
				'You may badly want your partner to choose one way. The kindest thing now is to make your own choice honestly and to leave theirs to them.',
			mutual:
				'You may be unsure, and unsure of what your partner wants. That is why the choices are sealed: each of you answers only for yourself.'
		},
		tools: [
			{
				name: 'The one-off or pattern? answers',
				about: 'What you both answered in stage 3, side by side.',
				href: (base) => `${base}/assessment`
			},
			{ name: 'My journal', about: 'Write your way towards a choice, privately.', href: journal() },
			{
				name: 'Support and crisis lines',
				about: 'People to talk to, whatever you decide.',
				href: () => '/resources'
			}
		]
	},
	{
		stage: REBUILDING,
		purpose:
			'You both chose to continue. Rebuilding is slow and made of small things done again and again: agreements kept, honest conversations, regular check-ins. This is where you keep track of how it is going.',
		helps: [
			'Keeping agreements few and clear, and reviewing them now and then.',
			'Logging honestly how they were kept, including when they were not.',
			'Going back to an earlier stage whenever you need to. That is allowed at any time.'
		],
		perspective: {
			hurt: 'Trust may come back in waves, and old feelings can return. That is normal, not a step backwards.',
			caused:
				'Steadiness over time says more than any promise. The record here lets what you do speak for you.',
			mutual: 'Both of you are building this. Notice what your partner does, and tell them.'
		},
		tools: [
			{
				name: 'Agreements and how they are kept',
				about: 'Propose, review and log your agreements.',
				href: (base) => `${base}/agreements`
			},
			{
				name: 'Conversations',
				about: 'Talk things through with structure, and re-read past conversations.',
				href: (base) => `${base}/conversations`
			},
			{
				name: 'My journal',
				about: 'Check-ins, prompts and notes for this part of the way.',
				href: journal()
			}
		]
	}
];

export function guideFor(stage: number): StageGuide | null {
	return guides.find((g) => g.stage === stage) ?? null;
}
