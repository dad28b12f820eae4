export const weekdays = [
	'Sunday',
	'Monday',
	'Tuesday',
	'Wednesday',
	'Thursday',
	'Friday',
	'Saturday'
];
export const cadenceText = { once: 'Once', weekly: 'Every week', biweekly: 'Every two weeks' };
export const cadenceOptions = (['once', 'weekly', 'biweekly'] as const).map((value) => ({
	value,
	label: cadenceText[value]
}));
