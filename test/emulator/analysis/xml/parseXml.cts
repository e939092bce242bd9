import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The emulator's XML reader for e-invoices (UBL and CII), on fast-xml-parser: elements with their namespace,
 * attributes and text. Entity expansion is off (`processEntities: false`), and a DOCTYPE with an internal subset
 * is refused outright, as e-invoice validators refuse it: no entity of a DTD is ever expanded (XXE, billion laughs).
 * Only the five predefined entities and character references are decoded. Malformed XML throws.
 */
export interface XmlElement {
	localName: string;
	namespace: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The element's own character data (CDATA included), entities decoded. */
	text: string;
}

const TEXT = '#text';
const CDATA = '#cdata';
const ATTRIBUTES = ':@';

/** fast-xml-parser's ordered output: one key naming the tag (or `#text` / `#cdata`), attributes under `:@`. */
type OrderedNode = Record<string, unknown> & { [ATTRIBUTES]?: Record<string, string> };

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	processEntities: false,
	htmlEntities: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	cdataPropName: CDATA,
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
	return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);|&/gi, (match, name: string | undefined) => {
		if (name === undefined) throw new Error('A bare & in character data');
		if (name.startsWith('#x') || name.startsWith('#X'))
			return String.fromCodePoint(parseInt(name.slice(2), 16));
		if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
		const value = ENTITIES[name];
		if (value === undefined) throw new Error(`Unknown entity &${name};`);
		return value;
	});
}

function tagOf(node: OrderedNode): string {
	const tag = Object.keys(node).find((key) => key !== ATTRIBUTES);
	if (tag === undefined) throw new Error('An empty node');
	return tag;
}

function toElement(node: OrderedNode, scopes: Record<string, string>): XmlElement {
	const qname = tagOf(node);
	const namespaces = { ...scopes };
	const attributes: Record<string, string> = {};
	for (const [name, raw] of Object.entries(node[ATTRIBUTES] ?? {})) {
		const value = decodeEntities(raw);
		if (name === 'xmlns') namespaces[''] = value;
		else if (name.startsWith('xmlns:')) namespaces[name.slice(6)] = value;
		else attributes[name.includes(':') ? name.slice(name.indexOf(':') + 1) : name] = value;
	}
	const colon = qname.indexOf(':');
	const prefix = colon < 0 ? '' : qname.slice(0, colon);
	if (prefix && namespaces[prefix] === undefined) throw new Error(`Undeclared prefix ${prefix}`);
	const element: XmlElement = {
		localName: colon < 0 ? qname : qname.slice(colon + 1),
		namespace: namespaces[prefix] ?? '',
		attributes,
		children: [],
		text: '',
	};
	for (const content of node[qname] as OrderedNode[]) {
		const tag = tagOf(content);
		if (tag === TEXT) element.text += decodeEntities(String(content[TEXT]));
		else if (tag === CDATA)
			element.text += (content[CDATA] as OrderedNode[]).map((part) => String(part[TEXT])).join('');
		else element.children.push(toElement(content, namespaces));
	}
	return element;
}

export function parseXml(source: string): XmlElement {
	const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
	if (/<!DOCTYPE[^>]*\[/i.test(text)) throw new Error('DTDs are not read');
	const valid = XMLValidator.validate(text);
	if (valid !== true) throw new Error(valid.err.msg);
	const top = parser.parse(text) as OrderedNode[];
	const roots = top.filter((node) => tagOf(node) !== TEXT);
	if (roots.length !== 1 || top.some((node) => tagOf(node) === TEXT && String(node[TEXT]).trim()))
		throw new Error('Not exactly one root element');
	return toElement(roots[0], {});
}

/** The first descendant along a path of local names, e.g. child(root, 'LegalMonetaryTotal', 'PayableAmount'). */
export function child(node: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
	let current = node;
	for (const name of path)
		current = current?.children.find((candidate) => candidate.localName === name);
	return current;
}

/** All children of that local name. */
export function children(node: XmlElement | undefined, name: string): XmlElement[] {
	return node?.children.filter((candidate) => candidate.localName === name) ?? [];
}

/** Trimmed text of the element at the path, undefined when missing or empty. */
export function textAt(node: XmlElement | undefined, ...path: string[]): string | undefined {
	const value = child(node, ...path)?.text.trim();
	return value ? value : undefined;
}
