// A minimal multipart/form-data parser for browser-style uploads (docs/gini-api.md §4.1, field `file`).
// Bodies are already in memory (the upload limit is 10 MiB), so a buffer scan is enough.

export interface FormPart {
	name?: string;
	filename?: string;
	contentType?: string;
	data: Buffer;
}

export function boundaryOf(contentType: string): string | undefined {
	const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

function dispositionParam(disposition: string, param: string): string | undefined {
	const match = new RegExp(
		`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${param}=([^;\\s]+)`,
		'i',
	).exec(disposition);
	if (!match) return undefined;
	return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

/** Returns the parts, or undefined when the body is not well-formed multipart. */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] | undefined {
	const delimiter = Buffer.from(`--${boundary}`);
	const parts: FormPart[] = [];
	let position = body.indexOf(delimiter);
	if (position < 0) return undefined;
	for (;;) {
		position += delimiter.length;
		// `--` right after a delimiter closes the body.
		if (body.subarray(position, position + 2).toString() === '--') return parts;
		if (body.subarray(position, position + 2).toString() !== '\r\n') return undefined;
		position += 2;
		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) return undefined;
		const headers = parseHeaders(body.subarray(position, headerEnd).toString('utf8'));
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
		if (next < 0) return undefined;
		const disposition = headers['content-disposition'] ?? '';
		parts.push({
			name: dispositionParam(disposition, 'name'),
			filename: dispositionParam(disposition, 'filename'),
			contentType: headers['content-type'],
			data: body.subarray(headerEnd + 4, next),
		});
		position = next + 2;
	}
}
