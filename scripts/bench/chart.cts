/**
 * The results chart as a small hand-written SVG (no dependencies): one panel per figure family, horizontal bars
 * on the panel's own axis, the goal or limit as a dashed line. Green passes, red fails, grey has no goal.
 */
import type { ChartPanel } from './figures.cts';

const WIDTH = 640;
const LABEL_WIDTH = 200;
const BAR_AREA = WIDTH - LABEL_WIDTH - 70;
const BAR_HEIGHT = 16;
const ROW = 24;
const TITLE = 26;
const GAP = 20;

const COLOURS = { pass: '#2e7d32', fail: '#c62828', none: '#78909c' };

function escape(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

function formatValue(value: number): string {
	return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

function panel(chart: ChartPanel, top: number): { svg: string[]; height: number } {
	const axisMax =
		Math.max(chart.goal?.value ?? 0, ...chart.bars.map((bar) => bar.value)) * 1.15 || 1;
	const x = (value: number) => LABEL_WIDTH + (Math.max(0, value) / axisMax) * BAR_AREA;
	const svg = [`<text x="8" y="${top + 17}" class="title">${escape(chart.title)}</text>`];
	chart.bars.forEach((bar, index) => {
		const y = top + TITLE + index * ROW;
		const colour = bar.pass === undefined ? COLOURS.none : bar.pass ? COLOURS.pass : COLOURS.fail;
		const width = Math.max(1, x(bar.value) - LABEL_WIDTH);
		svg.push(
			`<text x="${LABEL_WIDTH - 8}" y="${y + 12}" text-anchor="end">${escape(bar.label)}</text>`,
			`<rect x="${LABEL_WIDTH}" y="${y}" width="${width.toFixed(1)}" height="${BAR_HEIGHT}" fill="${colour}"/>`,
			`<text x="${(LABEL_WIDTH + width + 5).toFixed(1)}" y="${y + 12}">${formatValue(bar.value)}</text>`,
		);
	});
	const height = TITLE + chart.bars.length * ROW;
	if (chart.goal) {
		const gx = x(chart.goal.value).toFixed(1);
		svg.push(
			`<line x1="${gx}" y1="${top + TITLE - 4}" x2="${gx}" y2="${top + height}" class="goal"/>`,
			`<text x="${gx}" y="${top + height + 10}" text-anchor="middle" class="small">${escape(chart.goal.label)}</text>`,
		);
	}
	return { svg, height };
}

export function renderChart(panels: ChartPanel[], caption: string): string {
	const parts: string[] = [];
	let top = 8;
	for (const chart of panels.filter((p) => p.bars.length > 0)) {
		const { svg, height } = panel(chart, top);
		parts.push(...svg);
		top += height + GAP;
	}
	parts.push(`<text x="8" y="${top + 10}" class="small">${escape(caption)}</text>`);
	const height = top + 20;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
		'<style>.title{font-weight:bold;font-size:13px}.small{font-size:10px;fill:#555}.goal{stroke:#222;stroke-dasharray:4 3}</style>',
		`<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
		...parts,
		'</svg>',
		'',
	].join('\n');
}
