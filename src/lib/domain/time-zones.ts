import { isTimeZone, offsetAt } from './schedule';

/**
 * Time zones by the names people know them by now. Browsers and Node list some zones under
 * names the time-zone database has since replaced (Asia/Calcutta for Asia/Kolkata, Europe/Kiev
 * for Europe/Kyiv), and a device may still report one of them: each is read as its current name.
 */
const renamed: Record<string, string> = {
	'Africa/Asmera': 'Africa/Asmara',
	'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
	'America/Catamarca': 'America/Argentina/Catamarca',
	'America/Coral_Harbour': 'America/Atikokan',
	'America/Cordoba': 'America/Argentina/Cordoba',
	'America/Godthab': 'America/Nuuk',
	'America/Indianapolis': 'America/Indiana/Indianapolis',
	'America/Jujuy': 'America/Argentina/Jujuy',
	'America/Louisville': 'America/Kentucky/Louisville',
	'America/Mendoza': 'America/Argentina/Mendoza',
	'Asia/Calcutta': 'Asia/Kolkata',
	'Asia/Katmandu': 'Asia/Kathmandu',
	'Asia/Rangoon': 'Asia/Yangon',
	'Asia/Saigon': 'Asia/Ho_Chi_Minh',
	'Asia/Ulan_Bator': 'Asia/Ulaanbaatar',
	'Atlantic/Faeroe': 'Atlantic/Faroe',
	'Europe/Kiev': 'Europe/Kyiv',
	'Europe/Uzhgorod': 'Europe/Kyiv',
	'Europe/Zaporozhye': 'Europe/Kyiv',
	'Pacific/Enderbury': 'Pacific/Kanton',
	'Pacific/Ponape': 'Pacific/Pohnpei',
	'Pacific/Truk': 'Pacific/Chuuk',
	'Etc/UTC': 'UTC',
	'Etc/GMT': 'UTC',
	GMT: 'UTC'
};

/** A zone's current name, or null if it is no zone at all. */
export function canonicalZone(zone: string): string | null {
	if (zone.length > 64 || !isTimeZone(zone)) return null;
	const current = renamed[zone] ?? zone;
	// A runtime too old to know the current name keeps the one it knows.
	return isTimeZone(current) ? current : zone;
}

/** Its older names, so that searching for either finds it. */
const formerNames = new Map<string, string[]>();
for (const [old, current] of Object.entries(renamed))
	formerNames.set(current, [...(formerNames.get(current) ?? []), old]);

/** "UTC+05:30", "UTC-04:00", "UTC+00:00": the zone's offset at that moment. */
export function utcOffset(zone: string, at: number): string {
	const minutes = Math.round(offsetAt(at, zone) / 60_000);
	const sign = minutes < 0 ? '-' : '+';
	const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
	const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
	return `UTC${sign}${hh}:${mm}`;
}

export interface ZoneOption {
	/** What the form sends: the zone's current name. */
	value: string;
	/** "Asia/Kolkata (UTC+05:30)", as the list shows it. */
	label: string;
}

/** Every zone this runtime knows, each once under its current name. Worked out once. */
let known: string[] | undefined;
function knownZones(): string[] {
	known ??= [
		...new Set(['UTC', ...Intl.supportedValuesOf('timeZone').map((z) => canonicalZone(z) ?? 'UTC')])
	].sort();
	return known;
}

const optionOf = (value: string, at: number): ZoneOption => ({
	value,
	label: `${value.replaceAll('_', ' ')} (${utcOffset(value, at)})`
});

// Offsets change only on the hour or the half hour: the list is made again each quarter hour.
const QUARTER_HOUR = 15 * 60_000;
let made: { slot: number; options: ZoneOption[] } | undefined;

/**
 * Every zone this runtime knows, with its offset now, and any of `include` (a person's own zone)
 * it does not list.
 */
export function zoneOptions(at: number, include: readonly string[] = []): ZoneOption[] {
	const slot = Math.floor(at / QUARTER_HOUR);
	if (made?.slot !== slot)
		made = { slot, options: knownZones().map((value) => optionOf(value, slot * QUARTER_HOUR)) };
	const extra = [...new Set(include.map((zone) => canonicalZone(zone)))].filter(
		(zone): zone is string => zone !== null && !knownZones().includes(zone)
	);
	if (extra.length === 0) return made.options;
	return [...made.options, ...extra.map((value) => optionOf(value, at))].sort((x, y) =>
		x.value < y.value ? -1 : 1
	);
}

const wordsOf = (option: ZoneOption) =>
	[option.label, ...(formerNames.get(option.value) ?? [])]
		.join(' ')
		.replaceAll('_', ' ')
		.toLowerCase();

/** Whether an option answers a search: each word typed is in its name, a former name or its offset. */
export function zoneMatches(option: ZoneOption, search: string): boolean {
	const typed = search.toLowerCase().replaceAll('_', ' ').split(/\s+/).filter(Boolean);
	const words = wordsOf(option);
	return typed.every((word) => words.includes(word));
}
