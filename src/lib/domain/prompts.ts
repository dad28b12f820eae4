/**
 * Guided journaling prompts for each stage, worded for how a partner sees themselves.
 * Read by people in real pain: plain, calm, second person, no blame, no promised outcomes.
 */
import type { Perspective } from './spaces';

export const promptTopics = ['roots', 'feelings', 'needs', 'compassion', 'questions'] as const;
export type PromptTopic = (typeof promptTopics)[number];

export const topicLabels: Record<PromptTopic, string> = {
	roots: 'Where it comes from',
	feelings: 'What I feel right now',
	needs: 'What I need',
	compassion: 'Kindness to myself',
	questions: 'Questions I want answered'
};

export interface Prompt {
	/** Stable: journal entries may refer to it, so never rename one. */
	id: string;
	/** 5 is ongoing rebuilding, after both partners chose to continue. */
	stage: 1 | 2 | 3 | 4 | 5;
	topic: PromptTopic;
	/** Shown in lists, so neutral and non-graphic. */
	title: string;
	text: Record<Perspective, string>;
}

const FIRST_PROMPT_STAGE = 1;
const LAST_PROMPT_STAGE = 5;

/** Without a stated perspective, the wording that assumes nothing about who did what. */
const FALLBACK_PERSPECTIVE: Perspective = 'mutual';

export const prompts: readonly Prompt[] = [
	// Stage 1: process feelings, alone and in private.
	{
		id: 's1-family-trust',
		stage: 1,
		topic: 'roots',
		title: 'Trust in the family you grew up in',
		text: {
			hurt: 'Think back to the home you grew up in. How were promises kept or broken there, and how did the adults around you handle it? Notice whether anything from then echoes in how this hurt feels now.',
			caused:
				'Think back to the home you grew up in. How were mistakes, secrets and promises handled there? Looking at this is not about finding an excuse; it is about understanding patterns you may have carried without choosing them.',
			mutual:
				'Think back to the home you grew up in. How did the people around you keep or break trust, and did they ever repair it? Notice what you learned there that might be shaping how you are handling this now.'
		}
	},
	{
		id: 's1-earlier-breaks',
		stage: 1,
		topic: 'roots',
		title: 'Earlier times trust was broken',
		text: {
			hurt: 'Has your trust been broken before, in this relationship or an earlier one? Write about what happened then and what you told yourself afterward. Some of the pain you feel today may be carrying that older weight too.',
			caused:
				"Have there been earlier times when you broke someone's trust, or when someone broke yours? Write about how you coped back then. Seeing the thread can help you take responsibility for it now.",
			mutual:
				'Think of earlier times when trust was broken, by you, by someone else, or both. What did those moments teach you to expect from the people closest to you? Notice whether those expectations are showing up now.'
		}
	},
	{
		id: 's1-past-relationships',
		stage: 1,
		topic: 'roots',
		title: 'What past relationships taught you',
		text: {
			hurt: 'Think about your past relationships. What did they teach you about whether it is safe to rely on someone? Write down any of those lessons you can see at work in how you are reacting now.',
			caused:
				'Think about your past relationships. When closeness got difficult, what did you tend to do: talk, withdraw, hide, look elsewhere? Write honestly, for your eyes only, about any habit you recognize in what happened here.',
			mutual:
				'Think about your past relationships and the ones you watched closely. What did they teach you about how partners handle disappointment? Write about which lessons you want to keep and which you would like to put down.'
		}
	},
	{
		id: 's1-name-feeling',
		stage: 1,
		topic: 'feelings',
		title: 'Naming what you feel',
		text: {
			hurt: 'Take a moment to notice what you are feeling right now. It might be anger, grief, shock, numbness, or several at once. Write the words down without judging them; each of them makes sense after what happened.',
			caused:
				'Take a moment to notice what you are feeling right now. Guilt and shame may be there, and so might fear, relief, defensiveness or sadness. Write them down as they are, without deciding yet what they say about you.',
			mutual:
				'Take a moment to notice what you are feeling right now. Feelings can pull in different directions at once, like hurt and guilt, or anger and tenderness. Write each one down, even the ones that seem to contradict each other.'
		}
	},
	{
		id: 's1-body-feelings',
		stage: 1,
		topic: 'feelings',
		title: 'Where you feel it in your body',
		text: {
			hurt: 'Notice where this hurt sits in your body: your chest, your stomach, your shoulders, your sleep. Describe it plainly, as you would to a friend. Paying attention to it is a way of taking yourself seriously.',
			caused:
				'Notice where the weight of this sits in your body, perhaps as tension, restlessness or trouble sleeping. Describe it plainly. Noticing that you are struggling too does not take anything away from your partner.',
			mutual:
				'Notice where all of this is showing up in your body: tension, tiredness, a knot somewhere, changes in sleep or appetite. Describe it plainly. Your body may be carrying more than your words have said so far.'
		}
	},
	{
		id: 's1-needs-this-week',
		stage: 1,
		topic: 'needs',
		title: 'What you need this week',
		text: {
			hurt: 'What do you need to get through this week? Think small and concrete: rest, time with someone who is on your side, space from certain conversations. Your needs matter now, even if they keep changing.',
			caused:
				'What do you need to get through this week while staying steady and honest? Think small and concrete: sleep, someone you can talk to openly, a routine. Looking after yourself is part of being able to show up for your partner.',
			mutual:
				'What do you need to get through this week? Think small and concrete, and notice whether what you need for yourself differs from what you need from your partner. Both are worth writing down.'
		}
	},
	{
		id: 's1-support-around',
		stage: 1,
		topic: 'needs',
		title: 'Who can support you',
		text: {
			hurt: 'Who in your life can you lean on right now without having to defend your feelings? Write down one or two names, and what you would want from each. If nobody comes to mind, a counselor or a support line is a reasonable place to start.',
			caused:
				'Who can you talk to honestly right now, someone who will neither excuse what happened nor pile on? Write down one or two names. Carrying this entirely alone can make it harder to stay accountable.',
			mutual:
				'Who can you talk to about this without pulling them into taking a side? Write down one or two names, and what you would want from them. Different people may be right for different parts of this.'
		}
	},
	{
		id: 's1-kind-words',
		stage: 1,
		topic: 'compassion',
		title: 'Speaking to yourself kindly',
		text: {
			hurt: 'Imagine a close friend were going through what you are going through. What would you say to them? Write those words down, then read them as if they were meant for you.',
			caused:
				'Imagine a friend who had caused real harm and wanted to face it honestly. What would you say to them that is truthful and kind at the same time? Write that down for yourself.',
			mutual:
				'Imagine a friend caught in a situation as tangled as yours. What would you say to them about the parts they regret and the parts that hurt them? Write those words down for yourself.'
		}
	},
	{
		id: 's1-self-blame',
		stage: 1,
		topic: 'compassion',
		title: 'When blame turns inward',
		text: {
			hurt: 'Many people who were betrayed start asking what they did wrong or what they missed. Notice whether you are doing this. Write down one way you could answer those thoughts more fairly.',
			caused:
				"Taking responsibility and punishing yourself are not the same thing. Notice where your thoughts slide from 'I did something wrong' to 'I am a bad person.' Write down what accountability could look like without the second part.",
			mutual:
				'When something feels shared, it can be hard to know how much of it is yours. Notice whether you are carrying all of it, or pushing all of it away. Write down what feels like a fair share for you to hold.'
		}
	},
	{
		id: 's1-questions-list',
		stage: 1,
		topic: 'questions',
		title: 'The questions on your mind',
		text: {
			hurt: 'What questions keep coming back to you? Write them all down here, privately, without deciding yet which ones you will ask. Later you can sort out which answers you need and which might only add pain.',
			caused:
				'What questions do you expect your partner to ask, and which ones are you afraid of? Write them down privately. The places where you want to look away may be where honesty matters most.',
			mutual:
				'What questions are on your mind, about what happened, about your partner, about yourself? Write them down privately. You can decide later which ones to bring into a conversation.'
		}
	},

	// Stage 2: open communication; getting ready to talk and finding the words.
	{
		id: 's2-family-conflict',
		stage: 2,
		topic: 'roots',
		title: 'How conflict sounded growing up',
		text: {
			hurt: 'How were hard conversations handled in the family you grew up in: raised voices, silence, or something else? Notice whether you expect this conversation to go the same way, and what you would like to be different.',
			caused:
				'How were hard conversations handled in the family you grew up in? If you learned to go quiet, change the subject or smooth things over, write that down. Knowing your habit can help you stay in the conversation when it gets uncomfortable.',
			mutual:
				"How were hard conversations handled in your family, and in your partner's, as far as you know? Write about where your habits might clash, for example one of you pushing to talk while the other needs to pull back."
		}
	},
	{
		id: 's2-past-talks',
		stage: 2,
		topic: 'roots',
		title: 'Conversations that went badly before',
		text: {
			hurt: 'Think of an earlier time, with your partner or someone else, when you tried to say you were hurt and it went badly. What happened? Write down what you would need this time to feel heard.',
			caused:
				'Think of earlier times when someone told you that you had hurt them. How did you respond, and what do you wish you had done instead? Write down one thing you want to do differently this time.',
			mutual:
				'Think of an earlier conversation between the two of you that went badly. What happened just before it turned? Write down one thing you could do, and one thing you might ask of your partner, to keep the next one steadier.'
		}
	},
	{
		id: 's2-i-feel',
		stage: 2,
		topic: 'feelings',
		title: 'Putting a feeling into words',
		text: {
			hurt: "Try finishing this sentence: 'I feel ___ when ___.' Keep it about your own experience rather than about what kind of person your partner is. It may take a few drafts before it sounds like you.",
			caused:
				"Try finishing this sentence: 'I feel ___ when ___.' Your feelings belong in this conversation too, as long as they do not pull the focus away from what your partner is living through. Write a version that leaves room for theirs.",
			mutual:
				"Try finishing this sentence: 'I feel ___ when ___.' Describe one moment rather than a whole history, and keep it about your own experience. Write a couple of versions and notice which one feels most honest."
		}
	},
	{
		id: 's2-before-talking',
		stage: 2,
		topic: 'feelings',
		title: 'How you feel about talking',
		text: {
			hurt: 'How do you feel about talking with your partner about this: ready, dreading it, or both? Write down what worries you most. You can start slowly and call a break whenever you need one.',
			caused:
				'How do you feel about sitting down to talk: nervous, ashamed, eager to put things right? Write it down. Notice any urge to explain or defend yourself quickly, and see whether you can let listening come first.',
			mutual:
				'How do you feel about talking with your partner about this? Write down what you are hoping for and what you are worried about. It is fine if you feel some of each.'
		}
	},
	{
		id: 's2-i-need',
		stage: 2,
		topic: 'needs',
		title: 'Saying what you need',
		text: {
			hurt: "Try finishing this sentence: 'I need ___.' Make it something your partner could actually do, such as answering your questions without getting impatient. Write a few and choose the one that matters most right now.",
			caused:
				"Try finishing this sentence: 'I need ___.' You might need patience, a clear sense of how to rebuild trust, or to know when a hard topic will come up again. Write them down, and think about how to ask without turning them into conditions.",
			mutual:
				"Try finishing this sentence: 'I need ___.' Make it concrete and doable. Then think about what your partner might need from you, and whether the two could fit together."
		}
	},
	{
		id: 's2-safe-to-talk',
		stage: 2,
		topic: 'needs',
		title: 'What would make talking feel safe',
		text: {
			hurt: 'What would help a conversation feel safe enough for you: a time limit, one set topic, a counselor present, a clear way to stop? Write down your conditions. Asking for them is reasonable.',
			caused:
				'What would help your partner feel safe talking with you right now? Write down what you can offer, such as staying calm, not interrupting, and agreeing to a break when asked. Then note what you need to stay steady yourself.',
			mutual:
				'What would help you both feel safe enough to talk: a time limit, one topic at a time, a counselor present, a signal for a break? Write down the ones that matter most to you.'
		}
	},
	{
		id: 's2-after-talking',
		stage: 2,
		topic: 'compassion',
		title: 'Being gentle after a hard talk',
		text: {
			hurt: 'After a hard conversation, how could you be gentle with yourself? Think of one small thing you could do afterward, like a walk, a call or some quiet time. Plan it now so it is ready.',
			caused:
				'Hearing how much you hurt someone is painful. After a hard conversation, how can you look after yourself without pulling away from your partner? Plan one small, steadying thing you can do.',
			mutual:
				'Conversations like these can leave both people raw. Think of one small thing you could do afterward to look after yourself, and whether there is a gentle way to reconnect later.'
		}
	},
	{
		id: 's2-clumsy-words',
		stage: 2,
		topic: 'compassion',
		title: 'When words come out wrong',
		text: {
			hurt: 'While you are hurting, things may not always come out the way you meant them. What could you tell yourself when a sentence comes out sharper, or smaller, than you wanted? Write it down.',
			caused:
				'You may say things clumsily, or feel defensive even while you are trying hard. What could you tell yourself that lets you notice it, own it and try again? Write it down.',
			mutual:
				'Neither of you will get every sentence right. What could you tell yourself when you say something you did not mean, so you can correct it without giving up? Write it down.'
		}
	},
	{
		id: 's2-questions-to-ask',
		stage: 2,
		topic: 'questions',
		title: 'Questions for your partner',
		text: {
			hurt: 'Look at the questions you have gathered. Which ones do you want to ask first? For each, consider what the answer would give you, such as clarity, some peace, or a sense of where things stand.',
			caused:
				'What questions do you think your partner most needs answered? Write down how you could answer each one honestly and simply, without minimizing. If there is something you are not ready to say, notice that too.',
			mutual:
				'Which questions do you want to ask your partner, and which do you think they want to ask you? Write down the first two or three. Starting with a few can keep the conversation manageable.'
		}
	},
	{
		id: 's2-asking-well',
		stage: 2,
		topic: 'questions',
		title: 'Asking in a way that can be heard',
		text: {
			hurt: 'Choose one question you want answered. Write it as calmly and directly as you can, in a way that invites an honest reply. You have every right to a truthful answer.',
			caused:
				'Is there something you want to ask your partner, such as what helps, what makes things worse, or how they are today? Write one question that shows you want to understand, not to be let off.',
			mutual:
				'Choose one question you want to ask, and one you hope to be asked. Write both down. What you hope to be asked can tell you something about what you need.'
		}
	},

	// Stage 3: one-off or pattern? Looking at what happened, without a verdict.
	{
		id: 's3-happened-before',
		stage: 3,
		topic: 'roots',
		title: 'Has this happened before',
		text: {
			hurt: 'Think about whether there were earlier signs, or earlier times like this, in your relationship. Write down what you know, separately from what you suspect. Keeping the two apart can help you see more clearly.',
			caused:
				'Has something like this happened before, in this relationship or an earlier one? Write the honest answer here, even if it is hard to look at. Seeing the whole picture is part of taking responsibility.',
			mutual:
				'Has something like this happened before, on either side or in a different form? Write down what you know, separately from what you suspect, and try not to decide yet what it means.'
		}
	},
	{
		id: 's3-how-it-began',
		stage: 3,
		topic: 'roots',
		title: 'How it began',
		text: {
			hurt: 'Think about what was going on in your life together around the time this began. This is about understanding the context, not taking on the blame. Write down what you notice, and what you are unsure about.',
			caused:
				'Think about what was going on in you when this began: what you were avoiding, wanting or telling yourself. Write it down honestly, as an explanation for yourself, not as an excuse for your partner to accept.',
			mutual:
				'Think about what was going on for each of you when things began to go wrong. Write down what you can see, including the parts that were yours. Understanding how it started is different from deciding who is to blame.'
		}
	},
	{
		id: 's3-looking-at-it',
		stage: 3,
		topic: 'feelings',
		title: 'Looking at what happened',
		text: {
			hurt: 'As you look at what happened, how long it went on, how often, how it was hidden, which part weighs on you most right now? Write about that part, and how it feels to name it.',
			caused:
				'As you look at what happened, how long it went on, how often, how you kept it hidden, which part is hardest for you to face? Write about it plainly, without softening it.',
			mutual:
				'As you look at what happened, which part feels clearest to you, and which feels most tangled? Write about both, and how it feels to see them side by side.'
		}
	},
	{
		id: 's3-pattern-fear',
		stage: 3,
		topic: 'feelings',
		title: 'Wondering if it is a pattern',
		text: {
			hurt: 'What do you feel when you wonder whether this was a single event or part of a pattern? Write the fear down as specifically as you can. Once it is named, you can check it against what you actually see.',
			caused:
				'How do you feel when you ask yourself whether this was a one-off or part of a pattern in you? Write down what you honestly think, including what you would rather not be true.',
			mutual:
				'What do you feel when you ask whether this was a one-off or a pattern, for your partner, for yourself, or for the two of you? Write the feelings down before you write any conclusions.'
		}
	},
	{
		id: 's3-has-it-ended',
		stage: 3,
		topic: 'needs',
		title: 'Knowing it has ended',
		text: {
			hurt: 'What would you need to know or see to believe that it has really ended? Write down concrete things, actions as well as words. Having them on paper can make it easier to talk about clearly.',
			caused:
				'Has it fully ended, including any contact or secrets that remain? Write the honest answer. Then write down what your partner could see, not just hear, that would show it.',
			mutual:
				'What would you need to know or see to feel sure that it has ended, and what might your partner need? Write down concrete things you could ask for and things you could offer.'
		}
	},
	{
		id: 's3-missing-pieces',
		stage: 3,
		topic: 'needs',
		title: 'The pieces still missing',
		text: {
			hurt: 'What do you still need to understand before you can tell whether this was one moment or something larger? Write down the missing pieces. You can take the time you need with this.',
			caused:
				'What does your partner still need from you to understand whether this was one moment or something larger? Write down what you have not yet said, and what is stopping you.',
			mutual:
				'Which pieces are still missing for you to understand what happened, and which might your partner be missing? Write them down as two short lists.'
		}
	},
	{
		id: 's3-looking-gently',
		stage: 3,
		topic: 'compassion',
		title: 'Looking without judging yourself',
		text: {
			hurt: 'Looking closely at what happened can reopen the hurt. Notice whether you are blaming yourself for not seeing it sooner. Write one sentence you could say to yourself when that thought comes back.',
			caused:
				'Facing a pattern in yourself can feel like a final judgment on who you are, and it is not one. Write down what you want to learn from this, alongside what you regret.',
			mutual:
				'Looking at how this came about can stir up blame in every direction, including toward yourself. Write down one thing you can acknowledge as your part, and one thing that was never yours to carry.'
		}
	},
	{
		id: 's3-words-and-actions',
		stage: 3,
		topic: 'questions',
		title: 'Do words and actions match',
		text: {
			hurt: "Since this came to light, have your partner's words and actions matched? Write down specific moments when they did and when they did not. This lets you rely on what you see as well as what you hear.",
			caused:
				'Since this came to light, have your words and actions matched? Write down moments when they did and moments when they did not. What you do is what your partner can check, more than anything you say.',
			mutual:
				"Since this came to light, how well have words and actions matched, your partner's and your own? Write down specific moments either way, as fairly as you can."
		}
	},
	{
		id: 's3-accountability',
		stage: 3,
		topic: 'questions',
		title: 'Questions about responsibility',
		text: {
			hurt: 'What have you seen of your partner taking responsibility since this came to light? Write down the questions you still have about it, such as whether they understand what this has cost you.',
			caused:
				'What would taking full responsibility look like from here? Write down the questions your partner may still have about it, and how you could answer them through what you do.',
			mutual:
				"What does taking responsibility look like for each of you here? Write down the questions you would like answered, about your partner's part and about your own."
		}
	},

	// Stage 4: continue or step back. Each choice is private until both have chosen.
	{
		id: 's4-staying-and-leaving',
		stage: 4,
		topic: 'roots',
		title: 'Lessons about staying or leaving',
		text: {
			hurt: 'What did you learn growing up about staying with someone after being hurt, or about leaving? Write down whose voices you hear when you think about this choice, and whether what they say is really what you believe.',
			caused:
				'What did you learn growing up about what happens after someone breaks trust: are they forgiven, shut out, or never spoken of again? Write down how those lessons may shape what you hope for or fear now.',
			mutual:
				'What did you learn growing up about when couples stay together and when they part? Write down whose voices you still hear, and which of them you agree with today.'
		}
	},
	{
		id: 's4-past-decisions',
		stage: 4,
		topic: 'roots',
		title: 'Past times you had to decide',
		text: {
			hurt: 'Think of other times you had to decide whether to trust someone again. What helped you decide, and how do you feel about those choices now? Write down anything that might help you this time.',
			caused:
				'Think of earlier times when a relationship reached a turning point because of something you did. How did you act then? Write down what you want to do the same way and what you want to do differently.',
			mutual:
				'Think of earlier times you faced a big decision about a relationship. What helped you decide well, and what pushed you to decide too fast or too slowly? Write down what you want to bring into this one.'
		}
	},
	{
		id: 's4-what-i-want',
		stage: 4,
		topic: 'feelings',
		title: 'What you want, underneath',
		text: {
			hurt: 'Set aside for a moment what others expect and what you think you should do. What do you want? Write it down, even if it changes from one day to the next.',
			caused:
				'Set aside for a moment what you feel you deserve and what you are afraid of. What do you want for this relationship? Write it down, and notice whether it leaves room for what your partner wants.',
			mutual:
				'Set aside for a moment what others expect and what seems fair. What do you want? Write it down, even if part of you wants one thing and part of you wants another.'
		}
	},
	{
		id: 's4-fear-either-way',
		stage: 4,
		topic: 'feelings',
		title: 'The fears on either side',
		text: {
			hurt: 'What scares you about staying, and what scares you about stepping back? Write both fears down side by side. Seeing them together can make them easier to weigh.',
			caused:
				'What scares you about your partner stepping back, and what scares you about staying and trying? Write both down. Notice whether the fear of losing them is different from wanting the relationship you could build together.',
			mutual:
				'What scares you about continuing, and what scares you about stepping back? Write both fears down side by side, and notice which are about the future and which are about the past.'
		}
	},
	{
		id: 's4-need-to-stay',
		stage: 4,
		topic: 'needs',
		title: 'What you would need to stay',
		text: {
			hurt: 'If you were to continue, what would you need to see and feel over time? Write down what matters most, as concretely as you can. These could later become agreements you both accept.',
			caused:
				'If your partner chooses to continue, what are you truly willing to do, week after week? Write down only what you can keep. A small commitment you keep may count for more than a large one you do not.',
			mutual:
				'If you were both to continue, what would you need to change, and what would you need your partner to change? Write down both lists, and notice whether they seem workable.'
		}
	},
	{
		id: 's4-stepping-back',
		stage: 4,
		topic: 'needs',
		title: 'What stepping back would mean',
		text: {
			hurt: 'What would stepping back mean for you, practically and emotionally? Write down what you would need to look after yourself if you chose it. Thinking it through does not commit you to anything.',
			caused:
				'What would it mean for you if your partner chose to step back? Write down how you could honor that choice with respect, without arguing against it, and who could support you if it happens.',
			mutual:
				'What would stepping back mean for you, practically and emotionally? Write down what you would need in order to do it with care for yourself and respect for your partner. Thinking it through does not commit you to anything.'
		}
	},
	{
		id: 's4-more-time',
		stage: 4,
		topic: 'compassion',
		title: 'Permission to take your time',
		text: {
			hurt: "You do not have to know yet. Write down what 'I need more time' would look like for you: roughly how long, and what you would want to happen in the meantime.",
			caused:
				'You may want this settled quickly, just to end the uncertainty. Write down how you could give your partner the time they need, and how you will look after yourself while you wait.',
			mutual:
				'You do not have to know yet, and neither does your partner. Write down what taking more time would look like for you, and what would help you live with the uncertainty meanwhile.'
		}
	},
	{
		id: 's4-own-choice',
		stage: 4,
		topic: 'compassion',
		title: 'Standing by your own choice',
		text: {
			hurt: 'Whichever way you lean, you are allowed to make this choice for your own reasons. Write a few words you could say to yourself to respect your decision, whatever it turns out to be.',
			caused:
				'Whatever your partner decides, you can still learn from this and live by what you have learned. Write a few words you could say to yourself on the hard days, whichever way it goes.',
			mutual:
				'Whatever you choose, you can make the choice with care rather than in anger or fear. Write a few words you could say to yourself to stand by your decision kindly.'
		}
	},
	{
		id: 's4-questions-before',
		stage: 4,
		topic: 'questions',
		title: 'Questions before deciding',
		text: {
			hurt: 'Are there questions you still need answered before you can choose? Write them down, and note which ones only your partner can answer and which only you can.',
			caused:
				'Are there questions your partner still needs answered before they can choose? Write down any you have not fully answered, and what it would take to answer them now.',
			mutual:
				'Are there questions you still need answered before you can choose, by your partner or by yourself? Write them down, and mark the ones that feel most important.'
		}
	},

	// Stage 5: rebuilding, after both chose to continue. Trust grows through consistency over time.
	{
		id: 's5-old-patterns',
		stage: 5,
		topic: 'roots',
		title: 'Old patterns showing up',
		text: {
			hurt: 'As you rebuild, notice when old fears from earlier relationships or from your family show up in everyday moments. Write down one recent example and what set it off. Knowing where a fear comes from can make it a little easier to answer.',
			caused:
				'As you rebuild, notice any old habits creeping back, like keeping small things to yourself or avoiding hard talks. Write down one recent moment and what you did with it.',
			mutual:
				'As you rebuild, notice when either of you slips into an old pattern, from earlier in your relationship or from the families you grew up in. Write down one recent example and what you might try next time.'
		}
	},
	{
		id: 's5-new-example',
		stage: 5,
		topic: 'roots',
		title: 'Something different from what you saw',
		text: {
			hurt: 'Think about how trust was handled in the home you grew up in. What would you like your relationship to show now that you did not see back then? Write it down.',
			caused:
				'Think about how trust and honesty were handled in the home you grew up in. What do you want to do differently, day to day, from what you saw or learned there? Write down one concrete thing.',
			mutual:
				'Think about the homes you and your partner grew up in. What would you like the two of you to do differently when trust is tested? Write down one thing you want to build that neither of you had.'
		}
	},
	{
		id: 's5-noticing-progress',
		stage: 5,
		topic: 'feelings',
		title: 'Noticing progress',
		text: {
			hurt: 'Look back over the past few weeks. Is there anything that feels even slightly easier than it did? Write it down, however small, alongside anything that still feels heavy.',
			caused:
				'Look back over the past few weeks. What have you done consistently, and how has your partner seemed? Write down what you notice, without needing it to mean the work is finished.',
			mutual:
				'Look back over the past few weeks. What feels even slightly easier between you, and what still feels heavy? Write both down, as honestly as you can.'
		}
	},
	{
		id: 's5-fear-returns',
		stage: 5,
		topic: 'feelings',
		title: 'When the fear comes back',
		text: {
			hurt: 'Fear and suspicion can return even when things are going well, sometimes without warning. When it happens, write down what you feel and what set it off. A returning fear does not erase what you have rebuilt.',
			caused:
				"When your partner's fear returns, it can feel discouraging, as if your efforts do not count. Write down what you feel when it happens, and how you could respond with patience instead of frustration.",
			mutual:
				'Old fears can return for either of you, even when things are going well. When it happens, write down what you feel and what set it off. Coming back to a hard feeling is part of this, not a failure.'
		}
	},
	{
		id: 's5-consistency',
		stage: 5,
		topic: 'needs',
		title: 'What consistency looks like',
		text: {
			hurt: 'Which everyday actions help you feel you can rely on your partner? Write down the ones that matter most, so you can ask for them clearly and notice when they happen.',
			caused:
				'Which of your agreements have you kept, and which have slipped? Write down what helps you keep them and what gets in the way. Keeping them over time is what your partner can actually see.',
			mutual:
				'Which agreements are working for you both, and which need another look? Write down what helps you keep yours, and what you need from your partner to keep theirs.'
		}
	},
	{
		id: 's5-small-repairs',
		stage: 5,
		topic: 'needs',
		title: 'Small repairs',
		text: {
			hurt: 'Think of a recent moment of hurt or distance between you, even a small one. What would have helped repair it? Write down what you would like to ask for next time.',
			caused:
				'Think of a recent moment when your partner seemed hurt or distant. What could you do to repair it, simply and without being asked? Write down one small step and when you could take it.',
			mutual:
				'Think of a recent moment of distance between you. What might help repair it, from either side? Write down one small step you could take yourself.'
		}
	},
	{
		id: 's5-hard-days',
		stage: 5,
		topic: 'compassion',
		title: 'Kindness on a hard day',
		text: {
			hurt: 'Some days will feel like a step backward. What could you tell yourself on those days that is both honest and kind? Write it down so it is here when you need it.',
			caused:
				"If you slip, even in a small way, you may want to hide it or punish yourself. Write down what owning it quickly and plainly would look like, for your partner's sake and your own.",
			mutual:
				'Some days will feel like a step backward, for you or for your partner. Write down what you could tell yourself on those days, and what you could offer each other.'
		}
	},
	{
		id: 's5-own-effort',
		stage: 5,
		topic: 'compassion',
		title: 'Recognizing your own effort',
		text: {
			hurt: 'Choosing to rebuild after being hurt takes effort and courage. Write down one thing you have done lately that took strength, even if nobody else noticed.',
			caused:
				'Rebuilding trust asks for steady effort over a long time. Write down one thing you have done lately that you are quietly proud of, without using it to ask for credit.',
			mutual:
				'Rebuilding asks something of both of you. Write down one thing you have done lately that took effort, and one thing you noticed your partner doing.'
		}
	},
	{
		id: 's5-questions-ongoing',
		stage: 5,
		topic: 'questions',
		title: 'Questions that still come up',
		text: {
			hurt: 'Are there questions that still come back to you? Write them down, and note whether you want to ask them again or whether the answer you have is enough for now.',
			caused:
				'What could you ask your partner regularly to understand how they are really doing, such as what has felt hard this week? Write down two or three questions.',
			mutual:
				'What could you ask each other regularly to stay in touch with how things are going? Write down two or three questions that feel gentle and useful.'
		}
	}
];

/** Out-of-range stages still get prompts: before the first, the first; after rebuilding begins, rebuilding. */
function clampStage(stage: number): number {
	if (!Number.isFinite(stage)) return FIRST_PROMPT_STAGE;
	return Math.min(LAST_PROMPT_STAGE, Math.max(FIRST_PROMPT_STAGE, Math.round(stage)));
}

/** The prompts for a stage (stage > 5 or < 1 → clamp), worded for a perspective (null → 'mutual' wording). */
export function promptsFor(
	stage: number,
	perspective: Perspective | null
): { id: string; topic: PromptTopic; title: string; text: string }[] {
	const s = clampStage(stage);
	const p = perspective ?? FALLBACK_PERSPECTIVE;
	return prompts
		.filter((prompt) => prompt.stage === s)
		.map((prompt) => ({
			id: prompt.id,
			topic: prompt.topic,
			title: prompt.title,
			text: prompt.text[p]
		}));
}

/** One prompt by id worded for a perspective, or null if unknown. */
export function promptById(
	id: string,
	perspective: Perspective | null
): { id: string; stage: number; topic: PromptTopic; title: string; text: string } | null {
	const prompt = prompts.find((candidate) => candidate.id === id);
	if (!prompt) return null;
	return {
		id: prompt.id,
		stage: prompt.stage,
		topic: prompt.topic,
		title: prompt.title,
		text: prompt.text[perspective ?? FALLBACK_PERSPECTIVE]
	};
}
