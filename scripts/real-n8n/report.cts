/** What the end-to-end run checked: named checks with their outcome, printed as one summary at the end. */

export interface CheckResult {
	section: string;
	name: string;
	ok: boolean;
	detail: string;
}

function show(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value);
}

export class Report {
	readonly results: CheckResult[] = [];
	readonly notes: string[] = [];
	private section = 'setup';
	private readonly started = Date.now();
	private readonly timings: Array<[string, number]> = [];
	private sectionStarted = Date.now();

	begin(section: string): void {
		this.closeSection();
		this.section = section;
		this.sectionStarted = Date.now();
		console.log(`\n== ${section}`);
	}

	private closeSection(): void {
		if (this.section) this.timings.push([this.section, Date.now() - this.sectionStarted]);
	}

	check(name: string, ok: boolean, detail = ''): boolean {
		this.results.push({ section: this.section, name, ok, detail });
		console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
		return ok;
	}

	/**
	 * Something seen that is n8n's doing, not the package's, and that the README tells users about: printed and kept in
	 * the summary, not a failure.
	 */
	note(name: string, detail: string): void {
		this.notes.push(`${name} (${detail})`);
		console.log(`  note ${name} (${detail})`);
	}

	equal(name: string, actual: unknown, expected: unknown): boolean {
		const ok = JSON.stringify(actual) === JSON.stringify(expected);
		return this.check(
			name,
			ok,
			ok ? show(actual) : `expected ${show(expected)}, got ${show(actual)}`,
		);
	}

	/** A step that could not run at all (n8n did not start, a command failed): recorded as a failed check. */
	fail(name: string, error: unknown): void {
		this.check(name, false, error instanceof Error ? error.message : String(error));
	}

	get failed(): CheckResult[] {
		return this.results.filter((result) => !result.ok);
	}

	print(): void {
		this.closeSection();
		this.section = '';
		const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
		console.log('\n== Summary');
		for (const note of this.notes) console.log(`  note ${note}`);
		for (const [section, ms] of this.timings) {
			const mine = this.results.filter((result) => result.section === section);
			if (mine.length === 0) continue;
			const bad = mine.filter((result) => !result.ok).length;
			console.log(
				`  ${bad ? 'FAIL' : 'ok  '} ${section}: ${mine.length - bad}/${mine.length} checks, ${seconds(ms)}`,
			);
		}
		for (const result of this.failed)
			console.log(`  failed: [${result.section}] ${result.name}: ${result.detail}`);
		const passed = this.results.length - this.failed.length;
		console.log(`  total time ${seconds(Date.now() - this.started)}`);
		// A closing line in the form CI reads, named so that it is not taken for the unit tests' line.
		console.log(`e2e: ${passed} passed, ${this.failed.length} failed`);
	}
}
