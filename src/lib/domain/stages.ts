/** The journey's stages, in order. */
export const stages = [
	{ number: 1, name: 'Process feelings' },
	{ number: 2, name: 'Open communication' },
	{ number: 3, name: 'One-off or pattern?' },
	{ number: 4, name: 'Continue or step back' }
] as const;

export function stageName(stage: number): string {
	return stages.find((s) => s.number === stage)?.name ?? 'Rebuilding';
}

/** Ends a sentence with a full stop, unless it already ends with its own mark ("One-off or pattern?"). */
export function sentence(text: string): string {
	return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** "stage 2: Open communication", or "Rebuilding". */
export function stageTitle(stage: number): string {
	return stages.some((s) => s.number === stage)
		? `stage ${stage}: ${stageName(stage)}`
		: stageName(stage);
}
