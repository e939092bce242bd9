/**
 * The codex files as n8n reads them (n8n-core's DirectoryLoader.getCodex takes categories, subcategories, alias and
 * resources): the node creator's search matches `alias`, so people find the nodes by the words they use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CODEX = ['GiniPay.node.json', 'GiniPayTrigger.node.json'];

function codex(file: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'nodes', 'GiniPay', file), 'utf8'));
}

describe.each(CODEX)('%s', (file) => {
	it('has aliases in English and German, as a list of strings', () => {
		const { alias } = codex(file);
		expect(Array.isArray(alias) && alias.every((entry) => typeof entry === 'string')).toBe(true);
		for (const word of [
			'invoice',
			'Rechnung',
			'IBAN',
			'payment',
			'Zahlung',
			'OCR',
			'e-invoice',
			'XRechnung',
			'ZUGFeRD',
			'bill',
			'receipt',
			'Beleg',
			'Überweisung',
		]) {
			expect(alias).toContain(word);
		}
	});

	it('has subcategories by category, each a list of names, under categories it declares', () => {
		const { categories, subcategories } = codex(file) as {
			categories: string[];
			subcategories: Record<string, string[]>;
		};
		expect(Object.keys(subcategories).every((category) => categories.includes(category))).toBe(
			true,
		);
		expect(
			Object.values(subcategories).every((names) => Array.isArray(names) && names.length > 0),
		).toBe(true);
	});
});
