/**
 * What the fault suite's tests share (faultSuite.test.cts, and the four 1,000-upload runs in
 * faultSuite.soak.test.cts): the fault mix, distinct uploads, their `useGini` options, and the check that every
 * stored document is accounted for.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	DEMO_CLIENTS,
	type Emulator,
	type FaultOptions,
	type StoredDocumentInfo,
} from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import type { UseGiniOptions } from './gini.cts';

const USER = { userEmail: 'faults@app.example.org', userPassword: 'fault-suite-password' };

/** Every route an upload touches, token grants included, so that acquisitions are faulted too. */
const ROUTES = [
	'POST /documents',
	'GET /documents',
	'GET /documents/{id}',
	'POST /login',
	'POST /oauth/token',
];

/**
 * The issue's mix. `Retry-After: 0` keeps the run fast: it is still honoured (the node waits 0 s instead of
 * backing off); the header parsing itself is covered by the unit tests of shared/retry.ts.
 */
export const FAULTS: FaultOptions = {
	share503: 0.1,
	share429: 0.05,
	retryAfterSeconds: 0,
	revokeTokensEveryNRequests: 100,
	shareReset: 0.005,
	shareResetAfterCommit: 0.005,
	routes: ROUTES,
};

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface Upload {
	item: INodeExecutionData;
	fileName: string;
	sha256: string;
}

/** A distinct PDF per item (its number is in the text), so the emulator's content hash tells items apart. */
export async function uniqueUploads(tag: string, count: number): Promise<Upload[]> {
	return await Promise.all(
		Array.from({ length: count }, async (_, n) => {
			const bytes = await buildTextPdf([
				[`# Rechnung ${tag}-${n}`, `Rechnungsnummer\t${tag}-${n}`, 'Betrag\t12,34 EUR'],
			]);
			const fileName = `fault-${tag}-${n}.pdf`;
			const item = await binaryItem(bytes, fileName, 'application/pdf', { n });
			return { item, fileName, sha256: sha256(bytes) };
		}),
	);
}

/**
 * The options of the fault suite's `useGini`: a fixed fault seed, and the user every credential acts for (a User
 * Center user for the userCenter credential). Each test starts with no faults; it sets FAULTS or its own.
 */
export const FAULT_SUITE: UseGiniOptions = {
	processingMs: 10,
	seed: 5,
	userIdentifier: 'fault-suite-user',
	user: USER,
};

/** An upload by someone else for the same user and name, straight to Gini. */
export async function uploadAsAnotherProcess(gini: Emulator, bytes: Buffer): Promise<void> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	await fetch(`${gini.payApiUrl}/documents?filename=Rechnung.pdf`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'x-user-identifier': 'fault-suite-user',
			'content-type': 'application/pdf',
			accept: 'application/vnd.gini.v1+json',
		},
		body: new Uint8Array(bytes),
	});
}

/**
 * Every new document is one item's (by content) and that item accounts for it: a success naming it, an error
 * naming it among the candidates of a lost answer, or an error saying Gini may hold it (a lost answer whose lookup
 * failed too). No document holds twice the same bytes, and no success names a
 * document that is not its own. `others` are documents a second process stored: never an item's output.
 */
export function expectEachAccountedFor(
	created: StoredDocumentInfo[],
	out: INodeExecutionData[],
	byHash: Map<string, number>,
	nameOf: (index: number) => string,
	others: Set<string> = new Set(),
): void {
	const mine = created.filter((document) => !others.has(document.sha256));
	const duplicates = mine.filter((document, index) =>
		mine.some((other, earlier) => earlier < index && other.sha256 === document.sha256),
	);
	expect(
		duplicates.map((document) => ({ ...document, output: out[byHash.get(document.sha256)!].json })),
	).toEqual([]);
	const unaccounted = mine.flatMap((document) => {
		const index = byHash.get(document.sha256);
		if (index === undefined || document.name !== nameOf(index))
			return [{ document: document.id, index, output: { name: document.name } as IDataObject }];
		const json = out[index].json;
		const accounted =
			json.error === undefined
				? json.documentId === document.id
				: // A lost answer whose lookup failed too: the error says Gini may hold the file, under its name.
					(json.uploadMayExist === true && String(json.error).includes(`"${document.name}"`)) ||
					(Array.isArray(json.candidateDocumentIds) &&
						(json.candidateDocumentIds as unknown[]).includes(document.id));
		// The item's whole output in the failure message: a rare fault path is diagnosable from one CI log.
		return accounted ? [] : [{ document: document.id, index, output: json }];
	});
	expect(unaccounted).toEqual([]);
	const stored = new Map(created.map((document) => [document.id, document]));
	const foreign = out.flatMap((item, index) => {
		if (typeof item.json.documentId !== 'string') return [];
		return byHash.get(stored.get(item.json.documentId)?.sha256 ?? '') === index
			? []
			: [{ index, id: item.json.documentId }];
	});
	expect(foreign).toEqual([]);
}

export function countBy(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

export function report(name: string, figures: IDataObject): void {
	if (process.env.FAULT_SUITE_REPORT) process.stdout.write(`${name}: ${JSON.stringify(figures)}\n`);
}
