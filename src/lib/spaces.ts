import { perspectiveLabels, perspectives, safetyAnswers, safetyLabels } from './domain/spaces';

export const perspectiveOptions = perspectives.map((value) => ({
	value,
	label: perspectiveLabels[value]
}));
export const safetyOptions = safetyAnswers.map((value) => ({ value, label: safetyLabels[value] }));

export const SAFETY_QUESTION = 'Do you feel safe with your partner?';
export const SAFETY_HINT =
	'Optional, and only for you: your partner and any counselor never see your answer.';
export const PERSPECTIVE_HINT =
	'Optional. It only changes the wording of prompts, and you can change it later. Nobody else sees it.';
