/** How long a pause lasts, in words: "40 seconds", "1 minute", "15 minutes". */
export function aboutHowLong(ms: number): string {
	const minutes = Math.ceil(ms / 60_000);
	return ms < 60_000
		? `${Math.ceil(ms / 1000)} seconds`
		: `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
