/**
 * Single-byte text encodings of PDF (ISO 32000-1 Annex D). Each table maps a byte to a string; bytes 0x20-0x7E are
 * ASCII in all of them, the upper halves differ (German umlauts sit at the Latin-1 positions in WinAnsi and
 * PDFDocEncoding, elsewhere in MacRoman).
 */

function latin1Table(overrides: Record<number, string>): string[] {
	const table: string[] = [];
	for (let code = 0; code < 256; code++) {
		table.push(code >= 0x20 && code !== 0x7f ? String.fromCharCode(code) : '');
	}
	for (const [code, char] of Object.entries(overrides)) table[Number(code)] = char;
	return table;
}

const WIN_ANSI_HIGH = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

export const WIN_ANSI: string[] = latin1Table(
	Object.fromEntries(
		[...WIN_ANSI_HIGH].map((char, index) => [0x80 + index, char === '\u0000' ? '' : char]),
	),
);
// Control characters are blank in WinAnsi, but generators often emit tab and newline bytes in strings.
WIN_ANSI[0x09] = ' ';
WIN_ANSI[0x0a] = ' ';
WIN_ANSI[0x0d] = ' ';

const PDF_DOC_HIGH = '•†‡…—–ƒ⁄‹›−‰„“”‘’‚™ﬁﬂŁŒŠŸŽıłœšž\u0000€';

export const PDF_DOC: string[] = latin1Table({
	...Object.fromEntries([...'˘ˇˆ˙˝˛˚˜'].map((char, index) => [0x18 + index, char])),
	...Object.fromEntries(
		[...PDF_DOC_HIGH].map((char, index) => [0x80 + index, char === '\u0000' ? '' : char]),
	),
	0x09: ' ',
	0x0a: ' ',
	0x0d: ' ',
	0xad: '',
});

const MAC_ROMAN_HIGH =
	'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»… ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

const MAC_ROMAN: string[] = latin1Table(
	Object.fromEntries([...MAC_ROMAN_HIGH].map((char, index) => [0x80 + index, char])),
);

export function encodingByName(name: string | undefined): string[] | undefined {
	if (name === 'WinAnsiEncoding') return WIN_ANSI;
	if (name === 'MacRomanEncoding') return MAC_ROMAN;
	if (name === 'PDFDocEncoding' || name === 'StandardEncoding') return PDF_DOC;
	return undefined;
}

// prettier-ignore
const GLYPHS: Record<string, string> = {
	space: ' ', exclam: '!', quotedbl: '"', numbersign: '#', dollar: '$', percent: '%', ampersand: '&',
	quotesingle: "'", quoteright: '’', quoteleft: '‘', parenleft: '(', parenright: ')', asterisk: '*',
	plus: '+', comma: ',', hyphen: '-', minus: '−', period: '.', slash: '/', colon: ':', semicolon: ';',
	less: '<', equal: '=', greater: '>', question: '?', at: '@', bracketleft: '[', backslash: '\\',
	bracketright: ']', underscore: '_', braceleft: '{', bar: '|', braceright: '}', asciitilde: '~',
	zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8',
	nine: '9', Adieresis: 'Ä', Odieresis: 'Ö', Udieresis: 'Ü', adieresis: 'ä', odieresis: 'ö',
	udieresis: 'ü', germandbls: 'ß', Euro: '€', endash: '–', emdash: '—', bullet: '•',
	periodcentered: '·', section: '§', degree: '°', quotedblleft: '“', quotedblright: '”',
	quotedblbase: '„', quotesinglbase: '‚', eacute: 'é', egrave: 'è', agrave: 'à', aacute: 'á',
	ccedilla: 'ç', Eacute: 'É', ecircumflex: 'ê', ocircumflex: 'ô', nbspace: ' ', ellipsis: '…',
	copyright: '©', registered: '®', trademark: '™', fi: 'ﬁ', fl: 'ﬂ', sterling: '£', yen: '¥',
	multiply: '×', divide: '÷', plusminus: '±', onehalf: '½', guillemotleft: '«', guillemotright: '»',
};

/** Unicode for a glyph name from a /Differences array: common names, `uniXXXX`, `uXXXX[XX]`, single letters. */
export function glyphToUnicode(name: string): string | undefined {
	if (GLYPHS[name] !== undefined) return GLYPHS[name];
	if (/^[A-Za-z]$/.test(name)) return name;
	const uni = /^uni([0-9A-Fa-f]{4})$/.exec(name) ?? /^u([0-9A-Fa-f]{4,6})$/.exec(name);
	if (uni) return String.fromCodePoint(parseInt(uni[1], 16));
	return undefined;
}
