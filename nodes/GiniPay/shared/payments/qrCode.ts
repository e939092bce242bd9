/**
 * A small QR code encoder (ISO/IEC 18004) for what the payment QR code needs and nothing more: byte mode, error
 * correction level M, versions 1 to 13 (EPC069-12 allows no larger symbol). Pure: no n8n imports, no I/O.
 *
 * The steps, each a function below, in the standard's order:
 * 1. the data codewords: mode indicator 0100 (byte), the character count (8 bits up to version 9, 16 bits from 10),
 *    the bytes, a terminator of up to four 0 bits, 0 bits to the byte, then the pad bytes 0xEC and 0x11 in turn;
 * 2. Reed–Solomon error correction over GF(256) (polynomial x⁸+x⁴+x³+x²+1) per block, blocks interleaved;
 * 3. the function patterns: finder patterns with separators, timing patterns, alignment patterns, the dark module,
 *    and the version information (BCH(18,6)) from version 7;
 * 4. the codewords placed upwards and downwards in two-module columns from the bottom right;
 * 5. each of the eight masks tried, with its format information (BCH(15,5), XOR 101010000010010), and the one with
 *    the lowest penalty (the four rules of the standard, weights 3, 3, 40 and 10) kept.
 */

/** A QR symbol: `size`×`size` modules, row by row, 1 = dark. */
export interface QrSymbol {
	version: number;
	mask: number;
	size: number;
	modules: Uint8Array;
}

export class QrCapacityError extends Error {
	constructor(bytes: number) {
		super(
			`${bytes} bytes do not fit a QR code of version 13 at error correction level M (at most 331)`,
		);
		this.name = 'QrCapacityError';
	}
}

/**
 * Error correction level M, versions 1 to 13 (ISO/IEC 18004 table 9): error correction codewords per block, then
 * the number of blocks and their data codewords, for the first group and the second (which has one codeword more).
 */
const BLOCKS_M: ReadonlyArray<readonly [number, number, number, number]> = [
	[10, 1, 16, 0],
	[16, 1, 28, 0],
	[26, 1, 44, 0],
	[18, 2, 32, 0],
	[24, 2, 43, 0],
	[16, 4, 27, 0],
	[18, 4, 31, 0],
	[22, 2, 38, 2],
	[22, 3, 36, 2],
	[26, 4, 43, 1],
	[30, 1, 50, 4],
	[22, 6, 36, 2],
	[22, 8, 37, 1],
];

/** Centres of the alignment patterns per version (ISO/IEC 18004 annex E). */
const ALIGNMENT: ReadonlyArray<readonly number[]> = [
	[],
	[6, 18],
	[6, 22],
	[6, 26],
	[6, 30],
	[6, 34],
	[6, 22, 38],
	[6, 24, 42],
	[6, 26, 46],
	[6, 28, 50],
	[6, 30, 54],
	[6, 32, 58],
	[6, 34, 62],
];

export const MAX_VERSION = 13;

/** How many data codewords a version holds at level M. */
export function dataCodewords(version: number): number {
	const [, blocks1, data1, blocks2] = BLOCKS_M[version - 1];
	return blocks1 * data1 + blocks2 * (data1 + 1);
}

/** How many bytes fit a version in byte mode at level M. */
export function byteCapacity(version: number): number {
	const countBits = version < 10 ? 8 : 16;
	return Math.floor((dataCodewords(version) * 8 - 4 - countBits) / 8);
}

// ---- 1. data codewords

function dataCodewordsOf(bytes: Uint8Array, version: number): Uint8Array {
	const capacity = dataCodewords(version);
	const bits: number[] = [];
	const put = (value: number, length: number) => {
		for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
	};
	put(0b0100, 4);
	put(bytes.length, version < 10 ? 8 : 16);
	for (const byte of bytes) put(byte, 8);
	put(0, Math.min(4, capacity * 8 - bits.length));
	put(0, (8 - (bits.length % 8)) % 8);
	const codewords = new Uint8Array(capacity);
	for (let i = 0; i < bits.length; i += 8) {
		codewords[i / 8] = bits.slice(i, i + 8).reduce((byte, bit) => (byte << 1) | bit, 0);
	}
	for (let i = bits.length / 8, pad = 0xec; i < capacity; i++, pad ^= 0xec ^ 0x11)
		codewords[i] = pad;
	return codewords;
}

// ---- 2. Reed–Solomon

/** Product in GF(256) modulo x⁸+x⁴+x³+x²+1 (0x11D). */
function multiply(x: number, y: number): number {
	let product = 0;
	for (let i = 7; i >= 0; i--) {
		product = (product << 1) ^ ((product >>> 7) * 0x11d);
		product ^= ((y >>> i) & 1) * x;
	}
	return product;
}

/** The generator polynomial (x−α⁰)(x−α¹)…(x−α^(degree−1)), highest coefficient (always 1) left out. */
function generator(degree: number): Uint8Array {
	const coefficients = new Uint8Array(degree);
	coefficients[degree - 1] = 1;
	let root = 1;
	for (let i = 0; i < degree; i++) {
		for (let j = 0; j < degree; j++) {
			coefficients[j] = multiply(coefficients[j], root);
			if (j + 1 < degree) coefficients[j] ^= coefficients[j + 1];
		}
		root = multiply(root, 2);
	}
	return coefficients;
}

/** The error correction codewords of a block: the remainder of data·x^degree divided by the generator. */
export function reedSolomon(data: Uint8Array, degree: number): Uint8Array {
	const divisor = generator(degree);
	const remainder = new Uint8Array(degree);
	for (const byte of data) {
		const factor = byte ^ remainder[0];
		remainder.copyWithin(0, 1);
		remainder[degree - 1] = 0;
		for (let i = 0; i < degree; i++) remainder[i] ^= multiply(divisor[i], factor);
	}
	return remainder;
}

/** Data split into blocks, each with its error correction, interleaved codeword by codeword. */
function interleaved(data: Uint8Array, version: number): Uint8Array {
	const [ecLength, blocks1, data1, blocks2] = BLOCKS_M[version - 1];
	const blocks: Uint8Array[] = [];
	let offset = 0;
	for (let i = 0; i < blocks1 + blocks2; i++) {
		const length = i < blocks1 ? data1 : data1 + 1;
		blocks.push(data.subarray(offset, offset + length));
		offset += length;
	}
	const corrections = blocks.map((block) => reedSolomon(block, ecLength));
	const result: number[] = [];
	for (let i = 0; i <= data1; i++)
		for (const block of blocks) if (i < block.length) result.push(block[i]);
	for (let i = 0; i < ecLength; i++)
		for (const correction of corrections) result.push(correction[i]);
	return Uint8Array.from(result);
}

// ---- 3. function patterns

/** The remainder of BCH codes: `value`·x^(bits of generator − 1) modulo the generator. */
function bchRemainder(value: number, generatorPolynomial: number): number {
	const degree = Math.floor(Math.log2(generatorPolynomial));
	let remainder = value << degree;
	for (let bit = 31 - Math.clz32(remainder); bit >= degree; bit--) {
		if ((remainder >>> bit) & 1) remainder ^= generatorPolynomial << (bit - degree);
	}
	return remainder;
}

/** The 15 format bits of level M (indicator 00) and a mask, XOR-ed with the standard's mask pattern. */
export function formatBits(mask: number): number {
	const data = (0b00 << 3) | mask;
	return ((data << 10) | bchRemainder(data, 0b10100110111)) ^ 0b101010000010010;
}

/** The 18 version information bits (versions 7 and up). */
export function versionBits(version: number): number {
	return (version << 12) | bchRemainder(version, 0b1111100100101);
}

class Grid {
	readonly modules: Uint8Array;
	readonly reserved: Uint8Array;

	constructor(readonly size: number) {
		this.modules = new Uint8Array(size * size);
		this.reserved = new Uint8Array(size * size);
	}

	/** Sets a module of a function pattern (x = column, y = row). */
	fix(x: number, y: number, dark: boolean | number): void {
		this.modules[y * this.size + x] = dark ? 1 : 0;
		this.reserved[y * this.size + x] = 1;
	}
}

function drawFunctionPatterns(grid: Grid, version: number): void {
	const { size } = grid;
	for (let i = 0; i < size; i++) {
		grid.fix(6, i, i % 2 === 0);
		grid.fix(i, 6, i % 2 === 0);
	}
	// Finder patterns, each with its light separator (the part inside the symbol).
	for (const [cx, cy] of [
		[3, 3],
		[size - 4, 3],
		[3, size - 4],
	]) {
		for (let dy = -4; dy <= 4; dy++) {
			for (let dx = -4; dx <= 4; dx++) {
				const x = cx + dx;
				const y = cy + dy;
				const ring = Math.max(Math.abs(dx), Math.abs(dy));
				if (x >= 0 && x < size && y >= 0 && y < size) grid.fix(x, y, ring !== 2 && ring !== 4);
			}
		}
	}
	const centres = ALIGNMENT[version - 1];
	const last = centres.length - 1;
	for (let i = 0; i <= last; i++) {
		for (let j = 0; j <= last; j++) {
			if ((i === 0 && j === 0) || (i === 0 && j === last) || (i === last && j === 0)) continue;
			for (let dy = -2; dy <= 2; dy++) {
				for (let dx = -2; dx <= 2; dx++) {
					grid.fix(centres[i] + dx, centres[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
				}
			}
		}
	}
	drawFormat(grid, 0); // reserves the format areas; the mask's own bits are drawn later
	if (version >= 7) {
		const bits = versionBits(version);
		for (let i = 0; i < 18; i++) {
			const bit = (bits >>> i) & 1;
			const a = size - 11 + (i % 3);
			const b = Math.floor(i / 3);
			grid.fix(a, b, bit);
			grid.fix(b, a, bit);
		}
	}
}

/** Both copies of the format information, and the dark module beside the bottom left finder. */
function drawFormat(grid: Grid, mask: number): void {
	const { size } = grid;
	const bits = formatBits(mask);
	const bit = (i: number) => (bits >>> i) & 1;
	for (let i = 0; i <= 5; i++) grid.fix(8, i, bit(i));
	grid.fix(8, 7, bit(6));
	grid.fix(8, 8, bit(7));
	grid.fix(7, 8, bit(8));
	for (let i = 9; i < 15; i++) grid.fix(14 - i, 8, bit(i));
	for (let i = 0; i < 8; i++) grid.fix(size - 1 - i, 8, bit(i));
	for (let i = 8; i < 15; i++) grid.fix(8, size - 15 + i, bit(i));
	grid.fix(8, size - 8, true);
}

// ---- 4. placement

function placeCodewords(grid: Grid, codewords: Uint8Array): void {
	const { size } = grid;
	let i = 0;
	for (let right = size - 1; right >= 1; right -= 2) {
		if (right === 6) right = 5; // the vertical timing pattern is skipped as a whole column
		const upward = ((right + 1) & 2) === 0;
		for (let step = 0; step < size; step++) {
			const y = upward ? size - 1 - step : step;
			for (let x = right; x >= right - 1; x--) {
				if (grid.reserved[y * size + x]) continue;
				// Remainder bits (after the last codeword) stay light.
				const dark = i < codewords.length * 8 && (codewords[i >>> 3] >>> (7 - (i & 7))) & 1;
				grid.modules[y * size + x] = dark ? 1 : 0;
				i++;
			}
		}
	}
}

// ---- 5. masks

const MASKS: ReadonlyArray<(x: number, y: number) => boolean> = [
	(x, y) => (x + y) % 2 === 0,
	(_x, y) => y % 2 === 0,
	(x) => x % 3 === 0,
	(x, y) => (x + y) % 3 === 0,
	(x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0,
	(x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
	(x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
	(x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

function applyMask(grid: Grid, mask: number): void {
	const { size } = grid;
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			if (!grid.reserved[y * size + x] && MASKS[mask](x, y)) grid.modules[y * size + x] ^= 1;
		}
	}
}

/** The penalty of a symbol by the four rules of ISO/IEC 18004 (7.8.3): the lower, the easier to read. */
export function penalty(size: number, modules: Uint8Array): number {
	let score = 0;
	const at = (x: number, y: number) => modules[y * size + x];
	// Rules 1 and 3 on rows and columns alike: `line(i, k)` is module k of row or column i.
	for (const line of [(i: number, k: number) => at(k, i), (i: number, k: number) => at(i, k)]) {
		for (let i = 0; i < size; i++) {
			// Rule 1: a run of five or more modules of one colour costs 3, and 1 for each module beyond five.
			let run = 1;
			for (let k = 1; k <= size; k++) {
				if (k < size && line(i, k) === line(i, k - 1)) {
					run++;
					continue;
				}
				if (run >= 5) score += run - 2;
				run = 1;
			}
			// Rule 3: dark-light-dark×3-light-dark (1:1:3:1:1) with four light modules before or after costs 40.
			const light = (from: number, to: number) => {
				for (let k = Math.max(from, 0); k < Math.min(to, size); k++) if (line(i, k)) return false;
				return true;
			};
			for (let k = 0; k + 6 < size; k++) {
				const finderLike = [1, 0, 1, 1, 1, 0, 1].every(
					(value, offset) => line(i, k + offset) === value,
				);
				if (finderLike && (light(k - 4, k) || light(k + 7, k + 11))) score += 40;
			}
		}
	}
	// Rule 2: each 2×2 block of one colour costs 3.
	for (let y = 0; y + 1 < size; y++) {
		for (let x = 0; x + 1 < size; x++) {
			const colour = at(x, y);
			if (colour === at(x + 1, y) && colour === at(x, y + 1) && colour === at(x + 1, y + 1))
				score += 3;
		}
	}
	// Rule 4: 10 for each full 5 % the share of dark modules is away from 50 %.
	const dark = modules.reduce((sum, module) => sum + module, 0);
	score += Math.floor(Math.abs(dark * 20 - size * size * 10) / (size * size)) * 10;
	return score;
}

/**
 * The QR symbol of `bytes` in byte mode at level M: the smallest version from 1 to 13 they fit, the mask of the
 * lowest penalty. Throws QrCapacityError above 331 bytes.
 */
export function encodeQr(bytes: Uint8Array): QrSymbol {
	let version = 1;
	while (version <= MAX_VERSION && byteCapacity(version) < bytes.length) version++;
	if (version > MAX_VERSION) throw new QrCapacityError(bytes.length);
	const size = version * 4 + 17;
	const base = new Grid(size);
	drawFunctionPatterns(base, version);
	placeCodewords(base, interleaved(dataCodewordsOf(bytes, version), version));
	let best: QrSymbol | undefined;
	let bestPenalty = Infinity;
	for (let mask = 0; mask < 8; mask++) {
		const grid = new Grid(size);
		grid.modules.set(base.modules);
		grid.reserved.set(base.reserved);
		applyMask(grid, mask);
		drawFormat(grid, mask);
		const score = penalty(size, grid.modules);
		if (score < bestPenalty) {
			bestPenalty = score;
			best = { version, mask, size, modules: grid.modules };
		}
	}
	return best as QrSymbol;
}
