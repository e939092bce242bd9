/**
 * Puts positioned text runs back into lines. PDF content streams place runs anywhere; reading order here is the
 * stream's order (what simple writers produce), with a new line whenever the baseline moves by more than half a
 * font size, a space for a word-sized gap, and a tab for a column-sized gap (tables, label/value columns).
 */
export class LineAssembler {
	private readonly lines: string[] = [];
	private current = '';
	private lastY: number | undefined;
	private lastEndX = 0;
	private lastSize = 0;

	/** A run shown from (x, y) to endX on its baseline, in device space; size is the font size there. */
	add(text: string, x: number, y: number, endX: number, size: number): void {
		if (text === '') return;
		const scale = Math.max(size, this.lastSize, 1);
		if (this.lastY === undefined) {
			this.current = text;
		} else if (Math.abs(y - this.lastY) > scale / 2) {
			this.lines.push(this.current);
			this.current = text;
		} else {
			const gap = x - this.lastEndX;
			const joined = /\s$/.test(this.current) || /^\s/.test(text);
			if (gap > scale * 1.5 || gap < -scale * 2)
				this.current = this.current.trimEnd() + '\t' + text.trimStart();
			else if (gap > scale * 0.2 && !joined) this.current += ' ' + text;
			else this.current += text;
		}
		this.lastY = y;
		this.lastEndX = endX;
		this.lastSize = size;
	}

	finish(): string {
		const lines = [...this.lines, this.current].map((line) => line.replace(/[ \u00a0]+$/, ''));
		while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
		return lines.join('\n');
	}
}
