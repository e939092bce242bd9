/**
 * The document text as lines of cells. Cells are what a reader sees as separate columns: runs separated by a tab
 * (the PDF reader's column gap) or by two or more spaces (aligned plain text).
 */
export interface Line {
	index: number;
	text: string;
	cells: string[];
}

export function toLines(text: string): Line[] {
	const normalized = text
		// A no-break space between digit groups is a thousands separator ("1 234,56"): make it the German dot.
		.replace(/(?<=\d)[\u00a0\u202f](?=\d{3}(?!\d))/g, '.')
		.replace(/[\u00a0\u202f\u2007]/g, ' ');
	return normalized.split(/\r\n|[\n\r\f\v\u2028\u2029]/).map((line, index) => ({
		index,
		text: line.replace(/\t/g, '  ').trim(),
		cells: line
			.split(/\t+| {2,}/)
			.map((cell) => cell.trim())
			.filter((cell) => cell !== ''),
	}));
}

interface LabeledValue {
	value: string;
	line: number;
}

/**
 * The first value that `accept` takes for a label, in document order. Where the value sits relative to its label:
 * after it in the same cell ("IBAN: DE..."), in the next cell ("Rechnungsnummer <tab> 2024-17"), in the same
 * column of the next line (a header row over a value row), or alone on the next line.
 */
export function findLabeledValue(
	lines: Line[],
	label: RegExp,
	accept: (candidate: string) => string | undefined,
): LabeledValue | undefined {
	for (const line of lines) {
		for (let cellIndex = 0; cellIndex < line.cells.length; cellIndex++) {
			const cell = line.cells[cellIndex];
			const match = label.exec(cell);
			if (!match) continue;
			const rest = cell.slice(match.index + match[0].length).replace(/^[\s:#]+/, '');
			if (rest !== '') {
				const value = accept(rest);
				if (value !== undefined) return { value, line: line.index };
				continue;
			}
			for (const candidate of valuesAfterLabel(lines, line, cellIndex)) {
				const value = accept(candidate.text);
				if (value !== undefined) return { value, line: candidate.line };
			}
		}
	}
	return undefined;
}

function valuesAfterLabel(lines: Line[], line: Line, cellIndex: number) {
	const candidates: Array<{ text: string; line: number }> = [];
	const sameLine = line.cells[cellIndex + 1];
	if (sameLine !== undefined) candidates.push({ text: sameLine, line: line.index });
	const next = [lines[line.index + 1], lines[line.index + 2]].find((other) => other?.cells.length);
	if (next) {
		if (next.cells.length === line.cells.length) {
			candidates.push({ text: next.cells[cellIndex], line: next.index });
		} else if (line.cells.length === 1) candidates.push({ text: next.text, line: next.index });
	}
	return candidates;
}

/** Lines around a line (inclusive), for "is there bank context near this label" checks. */
export function around(lines: Line[], index: number, radius: number): string {
	return lines
		.slice(Math.max(0, index - radius), index + radius + 1)
		.map((line) => line.text)
		.join('\n');
}
