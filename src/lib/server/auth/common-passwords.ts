/**
 * Passwords (and password stems) that are guessed first in any attack. Compared
 * lower-case, and also with trailing digits and symbols removed ("Summer2024!" → "summer").
 */
export const commonPasswords: ReadonlySet<string> = new Set(
	`password passw0rd p@ssword p@ssw0rd pass passwd password1 password12 password123
	123456 1234567 12345678 123456789 1234567890 0123456789 987654321 0987654321 111111 1111111111
	000000 0000000000 121212 123123 123321 654321 666666 696969 112233 159753 147258369 123qwe
	qwerty qwertyuiop qwerty123 qwertz azerty asdfgh asdfghjkl zxcvbnm zxcvbn 1q2w3e4r 1q2w3e4r5t
	1qaz2wsx qazwsx qazwsxedc abc123 abcdef abcdefg abcdefgh abcd1234 a1b2c3 aa123456 iloveyou
	iloveyou1 loveyou lovely love love123 letmein welcome welcome1 welcome123 hello hello123
	monkey dragon master sunshine shadow princess football baseball basketball soccer hockey
	superman batman trustno1 whatever freedom starwars computer internet secret secret123
	changeme default login admin admin123 administrator root toor guest test test123 tester
	summer winter spring autumn fall january february march april may june july august
	september october november december monday friday sunday jesus god angel blessed
	michael jennifer jordan michelle daniel ashley jessica charlie thomas robert andrew
	matthew joshua hannah amanda nicole samantha taylor harley ginger pepper buster maggie
	cookie chocolate cheese banana orange apple flower purple yellow silver golden diamond
	tigger tiger lion eagle killer pokemon naruto minecraft fortnite google facebook
	instagram twitter youtube samsung apple123 mustang ferrari porsche corvette
	trellis trellis123 relationship together forever foreverlove mylove myheart sweetheart
	babygirl baby honey darling family family123 marriage married wedding husband wife
	boyfriend girlfriend partner trust trustme forgive forgiveme sorry imsorry
	letmein123 access access123 passport master123 hunter hunter2 ranger matrix
	nothing anything something everything zaq12wsx 1234qwer qwer1234 asdf1234 asdf
	aaaaaa abcabc abc12345 password! password1! p4ssword pa55word pa55w0rd`
		.split(/\s+/)
		.filter(Boolean)
);

export function isCommonPassword(password: string): boolean {
	const lower = password.toLowerCase();
	if (commonPasswords.has(lower)) return true;
	const stem = lower.replace(/[\d\W_]+$/u, '');
	return stem.length > 0 && commonPasswords.has(stem);
}
