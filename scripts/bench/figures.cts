/** What each phase of the benchmark hands to the report: table rows, raw data and chart bars. */

export interface Goal {
	/** The limit or goal as bench/README.md states it, e.g. '≤ 1' or '≥ 0.8'. */
	text: string;
	pass: boolean;
}

export interface Figure {
	/** The table this row belongs to. */
	section: string;
	name: string;
	/** Formatted, with its unit. */
	value: string;
	goal?: Goal;
	/** How the figure was obtained, when the name does not say it. */
	note?: string;
}

export interface ChartBar {
	label: string;
	value: number;
	pass?: boolean;
}

/** One panel of the chart: bars on a shared axis, with the goal drawn as a line. */
export interface ChartPanel {
	title: string;
	bars: ChartBar[];
	goal?: { value: number; label: string };
}

export interface PhaseResult {
	figures: Figure[];
	/** Everything measured, for bench/results.json. */
	data: Record<string, unknown>;
	chart: ChartPanel[];
}

export function atMost(value: number, limit: number): Goal {
	return { text: `≤ ${limit}`, pass: value <= limit };
}

export function atLeast(value: number, goal: number): Goal {
	return { text: `≥ ${goal}`, pass: value >= goal };
}

export function round(value: number, digits = 2): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export function mib(bytes: number): number {
	return bytes / (1024 * 1024);
}
