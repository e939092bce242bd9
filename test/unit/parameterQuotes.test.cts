/**
 * n8n's UX guidelines: a text that mentions a parameter names it by its display name in single quotes ("Turn on
 * 'Wait for Processing'"). This test collects the display names of the node's, the trigger's and the credentials'
 * fields (options of collections and fixed collections included, and the choices of their lists except Resource and
 * Operation) and scans what a person reads for a mention that is not in single quotes: the descriptions, hints,
 * notices, placeholders and list descriptions of the properties, and every string literal of nodes/ and credentials/
 * (error messages and descriptions, credential test messages, the trigger's panel), read from the TypeScript sources.
 *
 * A name of several words ('User Identifier', 'Return All') counts as a mention wherever it stands with that exact
 * casing. A name of one word counts only with a capital in the middle of a sentence ("lower Concurrency"): ordinary
 * words ("the amount", "a limit") and data terms in capitals (IBAN, BIC) are not mentions. "Resource > Operation"
 * paths (Document > Get Extractions) name an action, not a parameter.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';

const ROOT = path.resolve(__dirname, '..', '..');

/** Parameters n8n adds to every polling trigger, which the trigger's texts mention. */
const N8N_PARAMETERS = ['Poll Times'];

/** Lists whose choices are actions, not settings (their names appear as "Document > Get Extractions"). */
const ACTION_LISTS = new Set(['resource', 'operation']);

interface Text {
	where: string;
	text: string;
}

const allProperties: Array<{ where: string; properties: INodeProperties[] }> = [
	{ where: 'Gini Pay', properties: new GiniPay().description.properties },
	{ where: 'Gini Pay Trigger', properties: new GiniPayTrigger().description.properties },
	...[new GiniPayBasicApi(), new GiniPayJwtApi(), new GiniUserCenterApi()].map((credential) => ({
		where: credential.name,
		properties: credential.properties,
	})),
];

function isProperty(option: unknown): option is INodeProperties {
	return (
		typeof option === 'object' && option !== null && 'type' in option && 'displayName' in option
	);
}

function isCollection(option: unknown): option is INodePropertyCollection {
	return typeof option === 'object' && option !== null && 'values' in option;
}

/** Walks properties, collections' options and fixed collections' values, with their path for messages. */
function walk(
	properties: INodeProperties[],
	where: string,
	visit: (property: INodeProperties, where: string) => void,
): void {
	for (const property of properties) {
		const here = `${where} > ${property.displayName}`;
		visit(property, here);
		for (const option of property.options ?? []) {
			if (isCollection(option)) walk(option.values, `${here} > ${option.displayName}`, visit);
			else if (isProperty(option)) walk([option], here, visit);
		}
	}
}

function displayNames(): string[] {
	const names = new Set<string>(N8N_PARAMETERS);
	for (const { where, properties } of allProperties) {
		walk(properties, where, (property) => {
			if (property.type === 'notice') return;
			names.add(property.displayName);
			if (property.type !== 'options' && property.type !== 'multiOptions') return;
			if (ACTION_LISTS.has(property.name)) return;
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				// A choice of one word ("Raw", "JSON") is an ordinary word or a format, not a name to quote.
				if (option.name.includes(' ')) names.add(option.name);
			}
		});
	}
	return [...names];
}

/** What the editor shows from the properties, besides their names. */
function descriptionTexts(): Text[] {
	const texts: Text[] = [];
	for (const { where, properties } of allProperties) {
		walk(properties, where, (property, here) => {
			if (property.type === 'notice') texts.push({ where: here, text: property.displayName });
			for (const text of [property.description, property.hint, property.placeholder]) {
				if (typeof text === 'string') texts.push({ where: here, text });
			}
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				if (!isProperty(option) && !isCollection(option) && option.description) {
					texts.push({ where: `${here} > ${option.name}`, text: option.description });
				}
			}
		});
	}
	return texts;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** The key of the object property a literal is the value of, if it is one. */
function propertyKey(node: ts.Node): string | undefined {
	const parent = node.parent;
	const assigned =
		(ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
		parent.initializer === node;
	if (!assigned) return undefined;
	return ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)
		? parent.name.text
		: undefined;
}

/** Whether the object holding this literal is a notice (its displayName is a text, not a name). */
function inNotice(node: ts.Node): boolean {
	const object = node.parent.parent;
	if (!ts.isObjectLiteralExpression(object)) return false;
	return object.properties.some(
		(member) =>
			ts.isPropertyAssignment(member) &&
			ts.isIdentifier(member.name) &&
			member.name.text === 'type' &&
			ts.isStringLiteral(member.initializer) &&
			member.initializer.text === 'notice',
	);
}

/**
 * Every string literal of the shipped sources, template literals joined around their expressions. Names themselves
 * (displayName, the name of a list's choice) are left out; a notice's displayName is a text and stays in.
 */
function sourceTexts(): Text[] {
	const names = new Set(displayNames());
	const texts: Text[] = [];
	const files = [
		...sourceFiles(path.join(ROOT, 'nodes')),
		...sourceFiles(path.join(ROOT, 'credentials')),
	];
	for (const file of files) {
		const source = ts.createSourceFile(
			file,
			readFileSync(file, 'utf8'),
			ts.ScriptTarget.Latest,
			true,
		);
		const visit = (node: ts.Node): void => {
			let text: string | undefined;
			if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
			else if (ts.isTemplateExpression(node)) {
				text = [node.head.text, ...node.templateSpans.map((span) => `… ${span.literal.text}`)].join(
					'',
				);
			}
			if (text === undefined) {
				ts.forEachChild(node, visit);
				return;
			}
			const key = propertyKey(node);
			// A name on its own (a label of a list, a field's name in a map) is no text that mentions it.
			const isName =
				key === 'name' || (key === 'displayName' && !inNotice(node)) || names.has(text);
			if (!isName && !ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
				const { line } = source.getLineAndCharacterOfPosition(node.getStart());
				texts.push({ where: `${path.relative(ROOT, file)}:${line + 1}`, text });
			}
		};
		visit(source);
	}
	return texts;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The mentions of display names in a text that are not in single quotes. Longer names go first, and every mention
 * found is blanked out, so that 'Default User Identifier' does not also count as a mention of 'User Identifier'.
 */
function unquotedMentions(text: string, names: string[]): string[] {
	const found: string[] = [];
	let rest = text;
	for (const name of [...names].sort((a, b) => b.length - a.length)) {
		const oneWord = !/\s/.test(name);
		if (oneWord && name === name.toUpperCase()) continue;
		const pattern = new RegExp(
			`(?<![\\p{L}\\p{N}_-])${escapeRegExp(name)}(?![\\p{L}\\p{N}_-])`,
			'gu',
		);
		rest = rest.replace(pattern, (match: string, offset: number) => {
			const before = rest.slice(0, offset);
			const after = rest.slice(offset + match.length);
			const quoted = before.endsWith("'") && after.startsWith("'");
			// A path of actions ("Document > Get Extractions", "User > Create").
			const inPath = / > $/.test(before) || /^ > /.test(after);
			// One word counts only with a capital in the middle of a sentence, not as the text's first word or a
			// sentence's.
			const sentenceStart = before === '' || /(^|[.:!?;(]|"|^…)\s*$/.test(before);
			// Nor as part of a longer title ("Gini User Center", "Add Metadata").
			const inTitle = /\p{Lu}\S*\s$/u.test(before) || /^\s\p{Lu}/u.test(after);
			// Nor in markup (the SEPA file's <Document>).
			const inMarkup = /[</]$/.test(before);
			const mention = !quoted && !(oneWord && (inPath || sentenceStart || inTitle || inMarkup));
			if (mention) found.push(name);
			return ' '.repeat(match.length);
		});
	}
	return found;
}

/** Names of n8n's HTTP Request node that the credentials' texts quote, where a Gini credential is used there. */
const OTHER_NODES_NAMES = ['Options', 'Response', 'Response Format', 'JSON', 'Ignore SSL Issues'];

/** What a text puts in single quotes and starts with a capital: a name, which must be one the node has. */
function quotedNames(text: string): string[] {
	const quoted = /(?<![\p{L}\p{N}])'(\p{Lu}[^'\n]{0,60}?)'(?![\p{L}\p{N}])/gu;
	return [...text.matchAll(quoted)].map((match) => match[1]);
}

describe('texts name parameters in single quotes', () => {
	const names = displayNames();

	it('the names it looks for include the ones a person is told to set', () => {
		for (const name of ['Wait for Processing', 'User Identifier', 'Return All', 'Concurrency']) {
			expect(names).toContain(name);
		}
	});

	it('finds a mention without quotes, and none when quoted', () => {
		expect(unquotedMentions('Turn on Wait for Processing', names)).toEqual(['Wait for Processing']);
		expect(unquotedMentions('Turn on "Wait for Processing"', names)).toEqual([
			'Wait for Processing',
		]);
		expect(unquotedMentions("Turn on 'Wait for Processing'", names)).toEqual([]);
		expect(unquotedMentions('lower Concurrency to 2', names)).toEqual(['Concurrency']);
		expect(unquotedMentions("lower 'Concurrency' to 2", names)).toEqual([]);
		expect(unquotedMentions("set 'Default User Identifier'", names)).toEqual([]);
		// Ordinary words, data terms and paths of actions are no mentions.
		expect(unquotedMentions('the amount to pay, with a limit', names)).toEqual([]);
		expect(unquotedMentions('Amount and IBAN come from Document > Get Extractions', names)).toEqual(
			[],
		);
	});

	it('a name in single quotes is the exact name of a field, option or choice', () => {
		const known = new Set([...names, ...OTHER_NODES_NAMES]);
		expect(quotedNames("raise 'Request Timeout (Seconds)' in 'Request Options'")).toEqual([
			'Request Timeout (Seconds)',
			'Request Options',
		]);
		const unknown = [...descriptionTexts(), ...sourceTexts()].flatMap(({ where, text }) =>
			quotedNames(text)
				.filter((name) => !known.has(name) && !name.includes('…'))
				.map((name) => ({ where, name })),
		);
		expect(unknown).toEqual([]);
	});

	it.each([
		['the descriptions, hints, notices and placeholders', descriptionTexts],
		['the string literals of nodes/ and credentials/', sourceTexts],
	])('%s', (_label, texts) => {
		const unquoted = texts()
			.map(({ where, text }) => ({ where, text, names: unquotedMentions(text, names) }))
			.filter((entry) => entry.names.length > 0);
		expect(unquoted).toEqual([]);
	});
});
