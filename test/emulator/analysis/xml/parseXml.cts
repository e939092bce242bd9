/**
 * A small XML reader for the emulator's e-invoice analysis: elements with their namespace, attributes and text.
 * Enough for EN 16931 invoices (UBL and CII): no DTDs (a DOCTYPE with an internal subset is refused, as e-invoice
 * validators refuse it), no external entities, only the five predefined entities and character references.
 * Malformed XML throws.
 */
export interface XmlElement {
	localName: string;
	namespace: string;
	attributes: Record<string, string>;
	children: XmlElement[];
	/** The element's own character data (CDATA included), entities decoded. */
	text: string;
}

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

const NAME = /[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

export function parseXml(source: string): XmlElement {
	const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
	let index = 0;
	const skip = (end: string) => {
		const at = text.indexOf(end, index);
		if (at < 0) throw new Error(`Unterminated markup, expected ${end}`);
		index = at + end.length;
	};
	const misc = () => {
		for (;;) {
			while (/\s/.test(text[index] ?? '')) index++;
			if (text.startsWith('<?', index)) skip('?>');
			else if (text.startsWith('<!--', index)) skip('-->');
			else if (text.startsWith('<!DOCTYPE', index)) {
				const end = text.indexOf('>', index);
				if (end < 0 || text.slice(index, end).includes('[')) throw new Error('DTDs are not read');
				index = end + 1;
			} else return;
		}
	};

	const element = (scopes: Record<string, string>): XmlElement => {
		if (text[index] !== '<') throw new Error(`Expected an element at ${index}`);
		NAME.lastIndex = index + 1;
		const qname = NAME.exec(text)?.[0];
		if (!qname) throw new Error(`Bad element name at ${index}`);
		index += 1 + qname.length;
		const raw: Record<string, string> = {};
		for (;;) {
			ATTRIBUTE.lastIndex = index;
			const match = ATTRIBUTE.exec(text);
			if (!match) break;
			raw[match[1]] = decodeEntities(match[2] ?? match[3]);
			index = ATTRIBUTE.lastIndex;
		}
		while (/\s/.test(text[index] ?? '')) index++;
		const namespaces = { ...scopes };
		const attributes: Record<string, string> = {};
		for (const [name, value] of Object.entries(raw)) {
			if (name === 'xmlns') namespaces[''] = value;
			else if (name.startsWith('xmlns:')) namespaces[name.slice(6)] = value;
			else attributes[name.includes(':') ? name.slice(name.indexOf(':') + 1) : name] = value;
		}
		const colon = qname.indexOf(':');
		const prefix = colon < 0 ? '' : qname.slice(0, colon);
		if (prefix && namespaces[prefix] === undefined) throw new Error(`Undeclared prefix ${prefix}`);
		const node: XmlElement = {
			localName: colon < 0 ? qname : qname.slice(colon + 1),
			namespace: namespaces[prefix] ?? '',
			attributes,
			children: [],
			text: '',
		};
		if (text.startsWith('/>', index)) {
			index += 2;
			return node;
		}
		if (text[index] !== '>') throw new Error(`Bad start tag <${qname}>`);
		index++;
		for (;;) {
			const next = text.indexOf('<', index);
			if (next < 0) throw new Error(`<${qname}> is not closed`);
			node.text += decodeEntities(text.slice(index, next));
			index = next;
			if (text.startsWith('</', index)) {
				const end = `</${qname}`;
				if (!text.startsWith(end, index)) throw new Error(`Mismatched end tag in <${qname}>`);
				index += end.length;
				while (/\s/.test(text[index] ?? '')) index++;
				if (text[index] !== '>') throw new Error(`Bad end tag </${qname}>`);
				index++;
				return node;
			}
			if (text.startsWith('<![CDATA[', index)) {
				const end = text.indexOf(']]>', index);
				if (end < 0) throw new Error('Unterminated CDATA');
				node.text += text.slice(index + 9, end);
				index = end + 3;
			} else if (text.startsWith('<!--', index)) skip('-->');
			else if (text.startsWith('<?', index)) skip('?>');
			else node.children.push(element(namespaces));
		}
	};

	misc();
	const root = element({});
	misc();
	if (index !== text.length) throw new Error('Content after the root element');
	return root;
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
