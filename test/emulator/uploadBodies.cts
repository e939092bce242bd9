// JSON upload bodies: composite documents (docs/gini-api.md §4.1.2) and QR-code partials (§4.1.1).
import type { RequestContext } from './context.cts';
import { principalOf } from './context.cts';
import { HttpError, isPlainObject } from './http.cts';

/** "Only the first 10 pages are processed" (§4.1); a composite may not go beyond that. */
const MAX_COMPOSITE_PAGES = 10;

function parseJson(bytes: Buffer, what: string): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		throw new HttpError(400, `${what} body is not valid JSON`);
	}
}

/** The id in `<anything>/documents/<id>`: the host is not compared, only the path. */
function documentIdOf(reference: string): string | undefined {
	let path: string;
	try {
		path = new URL(reference, 'http://placeholder').pathname;
	} catch {
		return undefined;
	}
	const match = /\/documents\/([^/]+)\/?$/.exec(path);
	return match ? decodeURIComponent(match[1]) : undefined;
}

/** Android normalises rotations to 0..359 and iOS defaults a missing one to 0 (§4.1.2). */
function rotationOf(value: unknown): number {
	if (value === undefined || value === null) return 0;
	if (typeof value !== 'number' || !Number.isInteger(value)) {
		throw new HttpError(400, 'rotationDelta must be an integer');
	}
	return ((value % 360) + 360) % 360;
}

export function parseComposite(
	ctx: RequestContext,
	bytes: Buffer,
): Array<{ id: string; rotationDelta: number }> {
	const body = parseJson(bytes, 'Composite document');
	const entries = isPlainObject(body) ? body.partialDocuments : undefined;
	if (!Array.isArray(entries) || entries.length === 0) {
		throw new HttpError(400, 'Composite document needs a non-empty partialDocuments array');
	}
	if (entries.length > MAX_COMPOSITE_PAGES) {
		throw new HttpError(400, `A composite document may have at most ${MAX_COMPOSITE_PAGES} pages`);
	}
	const owner = principalOf(ctx).user.key;
	let pages = 0;
	const partials = entries.map((entry, index) => {
		const reference = isPlainObject(entry) ? entry.document : undefined;
		const id = typeof reference === 'string' ? documentIdOf(reference) : undefined;
		if (!id) throw new HttpError(400, `partialDocuments[${index}].document must be a document URL`);
		// Missing, not partial, or another user's: all the same 400 so ids of others do not leak.
		const partial = ctx.state.store.ownedDocument(owner, id);
		if (!partial || partial.kind !== 'partial') {
			throw new HttpError(
				400,
				`partialDocuments[${index}] does not reference a partial document of yours`,
			);
		}
		pages += partial.analysis?.pageCount ?? 1;
		return { id, rotationDelta: rotationOf((entry as Record<string, unknown>).rotationDelta) };
	});
	if (pages > MAX_COMPOSITE_PAGES) {
		throw new HttpError(400, `A composite document may have at most ${MAX_COMPOSITE_PAGES} pages`);
	}
	return partials;
}

const QR_FIELDS = ['iban', 'paymentRecipient', 'amountToPay', 'bic', 'paymentReference'];

/**
 * `{qrcode, paymentdata}`; `iban` and `paymentRecipient` are mandatory keys, which an older page
 * version allows to be empty (§4.1.1), so only their presence is checked.
 */
export function parseQrPartial(bytes: Buffer): Record<string, string> {
	if (bytes.length === 0) throw new HttpError(400, 'QR code document body is empty');
	const body = parseJson(bytes, 'QR code document');
	if (!isPlainObject(body) || typeof body.qrcode !== 'string' || !isPlainObject(body.paymentdata)) {
		throw new HttpError(400, 'QR code document needs a qrcode string and a paymentdata object');
	}
	const data = body.paymentdata;
	for (const required of ['iban', 'paymentRecipient']) {
		if (typeof data[required] !== 'string') {
			throw new HttpError(400, `paymentdata.${required} is required`);
		}
	}
	const result: Record<string, string> = {};
	for (const field of QR_FIELDS) {
		const value = data[field];
		if (value === undefined) continue;
		if (typeof value !== 'string')
			throw new HttpError(400, `paymentdata.${field} must be a string`);
		result[field] = value;
	}
	return result;
}
