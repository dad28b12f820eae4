import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core';

export const PASSWORD_MIN = 10;
/** Long enough for any passphrase, short enough that hashing cannot be used to exhaust the server. */
export const PASSWORD_MAX = 256;

/** How a new password stands, before it is put into words (strength-words.ts). */
export type Level = 'too_short' | 'too_long' | 'weak' | 'fair' | 'strong';
export type Reason =
	| 'common'
	| 'personal'
	| 'keyboard'
	| 'repeat'
	| 'sequence'
	| 'dates'
	| 'word'
	| 'names'
	| 'simple';
export interface Strength {
	level: Level;
	reason: Reason | null;
}

let estimator: Promise<ZxcvbnFactory> | undefined;

/**
 * The dictionaries (common and breached passwords, English words and names) are a few MB: they
 * are loaded on the first check, once, and kept. A failed load is tried again next time.
 */
export function loadEstimator(): Promise<ZxcvbnFactory> {
	estimator ??= build().catch((error: unknown) => {
		estimator = undefined;
		throw error;
	});
	return estimator;
}

async function build(): Promise<ZxcvbnFactory> {
	const [{ ZxcvbnFactory }, common, english] = await Promise.all([
		import('@zxcvbn-ts/core'),
		import('@zxcvbn-ts/language-common'),
		import('@zxcvbn-ts/language-en')
	]);
	return new ZxcvbnFactory({
		dictionary: { ...common.dictionary, ...english.dictionary },
		graphs: common.adjacencyGraphs,
		// Left at their defaults, a crafted 256-character password took seconds to check (the
		// look-alike-letter search grows fast with length). The first 64 characters say enough
		// about any password, and four swapped letters catch the usual "p@ssw0rd": checks then
		// take a few milliseconds, and tens at worst.
		maxLength: 64,
		l33tMaxSubstitutions: 4
	});
}

/** What a password made from them would be guessed from first: the person's own words. */
function personalWords(about: { email?: string; displayName?: string }): string[] {
	const local = about.email?.split('@')[0] ?? '';
	const words = [
		about.email,
		local,
		...local.split(/[._+-]+/),
		about.displayName,
		...(about.displayName?.split(/\s+/) ?? []),
		'trellis'
	];
	return words.filter((w): w is string => !!w && w.length >= 3).map((w) => w.toLowerCase());
}

/** zxcvbn's warnings (keys, as no translation is loaded), grouped into our reasons. */
const reasons: Record<string, Reason> = {
	topTen: 'common',
	topHundred: 'common',
	common: 'common',
	similarToCommon: 'common',
	pwned: 'common',
	userInputs: 'personal',
	straightRow: 'keyboard',
	keyPattern: 'keyboard',
	simpleRepeat: 'repeat',
	extendedRepeat: 'repeat',
	sequences: 'sequence',
	recentYears: 'dates',
	dates: 'dates',
	wordByItself: 'word',
	namesByThemselves: 'names',
	commonNames: 'names'
};

/** The whole password is one entry of the list of common and breached passwords. */
const listed = (result: ZxcvbnResult) =>
	result.sequence.length === 1 &&
	result.sequence[0]!.pattern === 'dictionary' &&
	(result.sequence[0] as { dictionaryName?: string }).dictionaryName === 'passwords-common';

/**
 * How hard a new password would be to guess. Refused (weak) when it is a common or breached
 * password, is made from the person's email or name, or scores under 3 of 4 (fewer than about
 * 10^8 guesses); a common one is called so even when it is also too short, as that is the
 * more useful thing to hear.
 */
export async function assess(
	password: string,
	about: { email?: string; displayName?: string } = {}
): Promise<Strength> {
	if (password.length > PASSWORD_MAX) return { level: 'too_long', reason: null };
	const result = (await loadEstimator()).check(password, personalWords(about));
	const warned = result.feedback.warning ? reasons[result.feedback.warning] : undefined;
	const reason = listed(result) ? 'common' : warned;
	if (reason === 'common' || reason === 'personal') return { level: 'weak', reason };
	if (password.length < PASSWORD_MIN) return { level: 'too_short', reason: null };
	if (result.score < 3) return { level: 'weak', reason: reason ?? 'simple' };
	return { level: result.score === 3 ? 'fair' : 'strong', reason: null };
}
