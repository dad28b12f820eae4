/** Topics to start from, per stage, in our own words. Anyone can also write their own. */
export const topicsByStage: Record<number, readonly string[]> = {
	1: [
		'How I have been since it came out',
		'What I need from you this week to get through it',
		'What I can and cannot talk about yet'
	],
	2: [
		'The questions I most need answered',
		'What happened, as each of us remembers it',
		'What the hardest moment has been for me',
		'What makes me feel safe, and what makes me feel unsafe',
		'What I want you to understand about how I feel'
	],
	3: [
		'What we each answered, and where we differ',
		'Whether it has really ended, and how we would know',
		'What accountability looks like to each of us'
	],
	4: [
		'What continuing would ask of each of us',
		'What we are afraid of, whichever way we choose',
		'What we each need in order to decide'
	],
	5: [
		'How our agreements went this week',
		'A moment this week when trust grew a little',
		'Something that stirred old fears, and what helped',
		'What we want to try next'
	]
};

export const topicsFor = (stage: number): readonly string[] =>
	topicsByStage[stage] ?? topicsByStage[2]!;
