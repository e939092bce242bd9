/**
 * The pure parts of the node's two guards that remember across executions (in n8n's deduplication store, see
 * actions/document/dedup.ts): the content hash of an upload ("Skip Files Uploaded Before") and the payment identity
 * of an invoice ("Flag Possible Double Payments"), with the keys they are stored under. No n8n runtime values.
 */
import { createHash } from 'node:crypto';

import type { PaymentView } from './extractions';

/** The SHA-256 of some bytes, in hex. */
export function sha256Hex(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

/** The SHA-256 of a stream's bytes, in hex, read chunk by chunk (memory stays flat in the file size). */
export async function sha256OfChunks(chunks: AsyncIterable<Uint8Array | string>): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of chunks) hash.update(chunk);
	return hash.digest('hex');
}

/**
 * The content hash of a document from its pages' hashes, in page order: a one-file document's is the file's own
 * SHA-256 (so that a file hashes the same whichever Pages mode uploads it), a multi-page document's the SHA-256 of
 * its pages' hashes joined by newlines (the same pages in another order are another document).
 */
export function documentSha256(pageHashes: string[]): string {
	if (pageHashes.length === 1) return pageHashes[0];
	return sha256Hex(pageHashes.join('\n'));
}

/** The store key of an uploaded file's content. */
export function uploadKey(contentSha256: string): string {
	return `upload:sha256:${contentSha256}`;
}

/**
 * Recorded while a file is being uploaded and removed once Gini confirmed it or surely refused it: found by a later
 * execution without `uploadKey`, it says an execution stopped (a killed worker, a lost answer) while Gini may have
 * stored the file.
 */
export function pendingUploadKey(contentSha256: string): string {
	return `upload-pending:sha256:${contentSha256}`;
}

/** An invoice's payment identity: its store key (a hash: no IBAN is stored) and how to say what matched. */
export interface PaymentIdentity {
	key: string;
	/** What the identity is made of, in plain words, with the IBAN shortened to its last four characters. */
	description: string;
}

type IdentityFields = Pick<PaymentView, 'iban' | 'amount' | 'currency' | 'reference' | 'purpose'>;

/** Upper case, letters and digits only: "RE-2024/0815 " and "re 2024 0815" are the same reference. */
function normalisedReference(value: string | null): string | null {
	if (value === null) return null;
	const plain = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
	return plain === '' ? null : plain;
}

/**
 * The payment identity of an invoice: IBAN, amount with currency, and the payment reference (or, when Gini found
 * none, the payment purpose, where invoices name their invoice number), each normalised (IBAN without spaces in
 * upper case, the amount in cents, the reference in upper-case letters and digits). Null when one of them is
 * missing or nothing is to be paid: two invoices with the same IBAN and amount but nothing to tell them apart (a
 * monthly bill) are not flagged.
 */
export function paymentIdentity(view: IdentityFields): PaymentIdentity | null {
	const iban = view.iban?.replace(/\s+/g, '').toUpperCase() ?? '';
	if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{8,30}$/.test(iban)) return null;
	if (view.amount === null || !Number.isFinite(view.amount) || view.amount <= 0) return null;
	const currency = view.currency ?? 'EUR';
	const fromReference = normalisedReference(view.reference);
	const reference = fromReference ?? normalisedReference(view.purpose);
	if (reference === null) return null;
	const amount = view.amount.toFixed(2);
	const key = `payment:${sha256Hex([iban, amount, currency, reference].join('\n'))}`;
	const referenceWords = fromReference
		? `payment reference ${view.reference ?? ''}`
		: `payment purpose ${view.purpose ?? ''}`;
	return {
		key,
		description: `Same IBAN (ending ${iban.slice(-4)}), amount ${amount} ${currency} and ${referenceWords.trim()} as another document this workflow read before`,
	};
}

/** The keys the guard checks for one document: the identity, the identity with this document, and its flag. */
export function paymentKeys(
	identity: PaymentIdentity,
	documentId: string,
): { identity: string; document: string; flagged: string } {
	return {
		identity: identity.key,
		document: `${identity.key}:document:${documentId}`,
		flagged: `${identity.key}:flagged:${documentId}`,
	};
}

/** Which of the three keys the store had seen before this check (it records all three when it checks them). */
export interface PaymentKeysSeen {
	identity: boolean;
	document: boolean;
	flagged: boolean;
}

/**
 * The guard's verdict from what the store had seen: a document read for the first time is a possible duplicate
 * when its identity was seen before (with another document); a document read again keeps the verdict of its first
 * read (its flag key stays recorded only when it was flagged), so re-reading a document never flags it by itself.
 * `forgetFlag`: the check recorded the flag key although the document is not flagged, so it must be removed.
 */
export function paymentVerdict(seen: PaymentKeysSeen): {
	possibleDuplicate: boolean;
	forgetFlag: boolean;
} {
	const possibleDuplicate = seen.document ? seen.flagged : seen.identity;
	return { possibleDuplicate, forgetFlag: !possibleDuplicate && !seen.flagged };
}
