import { PASSWORD_MAX, PASSWORD_MIN, type Reason, type Strength } from './strength';

/** Why a password would be easy to guess, in a few plain words. */
const because: Record<Reason, string> = {
	common: 'it is on the lists of passwords people use most, which are tried first',
	personal: 'it is made from your email, your name or the name of this site',
	keyboard: 'keys next to each other on a keyboard are tried early',
	repeat: 'repeated letters or numbers are easy to guess',
	sequence: 'runs like abc or 1234 are easy to guess',
	dates: 'dates and years are easy to guess',
	word: 'a single word, even with letters swapped for numbers, is easy to guess',
	names: 'names on their own are easy to guess',
	simple: 'it is simple enough to be guessed'
};

const ADVICE = 'A few unrelated words make a strong password you can remember.';

/** The estimate shown beside the field as the person types. */
export function strengthText(strength: Strength): string {
	switch (strength.level) {
		case 'too_long':
			return `Strength: too long. Please use at most ${PASSWORD_MAX} characters.`;
		case 'too_short':
			return `Strength: too short. Please use at least ${PASSWORD_MIN} characters.`;
		case 'weak':
			return `Strength: weak, easy to guess: ${because[strength.reason ?? 'simple']}.`;
		case 'fair':
			return 'Strength: fair. Good enough; another word would make it stronger.';
		case 'strong':
			return 'Strength: strong, hard to guess.';
	}
}

/** Why a new password is refused, or null when it is good enough. */
export function strengthProblem(strength: Strength): string | null {
	switch (strength.level) {
		case 'too_long':
			return `Please use at most ${PASSWORD_MAX} characters.`;
		case 'too_short':
			return `Please use at least ${PASSWORD_MIN} characters. ${ADVICE}`;
		case 'weak':
			if (strength.reason === 'personal')
				return 'Please choose a password that is not made from your email, your name or the name of this site.';
			return `That password would be easy to guess: ${because[strength.reason ?? 'simple']}. Please choose another. ${ADVICE}`;
		default:
			return null;
	}
}
