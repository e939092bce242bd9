/**
 * The fault suite: 1,000 uploads through n8n's engine while the emulator answers 503 and 429, resets
 * connections before and after doing the work, and revokes every token now and then. Whatever happens, each input
 * item must end as exactly one document or one error item, Gini must hold no document twice and no document that
 * the output does not account for.
 */
import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeExecutionData } from 'n8n-workflow';

import {
	DEMO_CLIENTS,
	startEmulator,
	type Emulator,
	type FaultOptions,
	type StoredDocumentInfo,
} from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem, setBinaryMode } from '../harness/index.cts';
import {
	basicCredential,
	jwtCredential,
	outputJson,
	resetTokenCache,
	runGini,
	userCenterCredential,
	type Mode,
} from './gini.cts';

jest.setTimeout(240_000);

const UPLOADS = 1000;
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
const FAULTS: FaultOptions = {
	share503: 0.1,
	share429: 0.05,
	retryAfterSeconds: 0,
	revokeTokensEveryNRequests: 100,
	shareReset: 0.005,
	shareResetAfterCommit: 0.005,
	routes: ROUTES,
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Upload {
	item: INodeExecutionData;
	fileName: string;
	sha256: string;
}

/** A distinct PDF per item (its number is in the text), so the emulator's content hash tells items apart. */
async function uniqueUploads(tag: string, count: number): Promise<Upload[]> {
	return await Promise.all(
		Array.from({ length: count }, async (_, n) => {
			const bytes = buildTextPdf([
				[`# Rechnung ${tag}-${n}`, `Rechnungsnummer\t${tag}-${n}`, 'Betrag\t12,34 EUR'],
			]);
			const fileName = `fault-${tag}-${n}.pdf`;
			const item = await binaryItem(bytes, fileName, 'application/pdf', { n });
			return { item, fileName, sha256: sha256(bytes) };
		}),
	);
}

let gini: Emulator;

beforeAll(async () => {
	gini = await startEmulator({ processingMs: 10, seed: 5 });
	outputJson(
		await runGini({
			mode: 'userCenter',
			credential: userCenterCredential(gini),
			parameters: {
				resource: 'user',
				operation: 'create',
				email: USER.userEmail,
				password: USER.userPassword,
			},
		}),
	);
});
afterAll(async () => await gini.stop());
beforeEach(() => {
	resetTokenCache();
	gini.setFaults({});
	gini.resetCounters();
});

const credentials: Record<Mode, () => ICredentialDataDecryptedObject> = {
	basic: () => basicCredential(gini, { userIdentifier: 'fault-suite-user' }),
	jwt: () => jwtCredential(gini, { userIdentifier: 'fault-suite-user' }),
	userCenter: () => userCenterCredential(gini, USER),
};

type Case = [Mode, 'default' | 'filesystem'];

// The filesystem case streams every attempt from disk: a retry must open a new stream, never resend a consumed one.
describe.each<Case>([
	['userCenter', 'default'],
	['basic', 'default'],
	['jwt', 'default'],
	['userCenter', 'filesystem'],
])('1,000 uploads under faults in %s mode, binaries kept in %s mode', (mode, binaryMode) => {
	afterAll(async () => await setBinaryMode('default'));

	it('end as exactly one document or one error each: no duplicate, nothing lost', async () => {
		const uploads = await uniqueUploads(`${mode}-${binaryMode}`, UPLOADS);
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		gini.setFaults(FAULTS);

		const result = await runGini({
			mode,
			credential: credentials[mode](),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				requestOptions: { concurrency: 10 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
			binaryMode,
		});
		gini.setFaults({});
		expect(result.error).toBeUndefined();
		const out = result.output('Gini Pay');

		// One output item per input item, in input order, each paired with its input.
		expect(out).toHaveLength(UPLOADS);
		expect(out.map((item) => item.pairedItem)).toEqual(
			uploads.map((_, index) => ({ item: index })),
		);
		const successes = out.filter((item) => typeof item.json.id === 'string');
		const failures = out.filter((item) => item.json.error !== undefined);
		expect(successes.length + failures.length).toBe(UPLOADS);
		for (const failure of failures) expect(failure.json.id).toBeUndefined();
		const created = gini.documents().filter((document) => !before.has(document.id));
		expectEachAccountedFor(created, out, byHash, (index) => uploads[index].fileName);
		expect(created.length).toBeGreaterThanOrEqual(successes.length);

		// The faults really happened (expected: ~230 503s, ~100 429s, ~23 resets, 20+ revocations), and the node came
		// through nearly all of them: a request exhausts its 4 retries with a chance of about 0.155^5, so a handful of
		// error items is possible, more is a bug. An upload whose answer was lost after Gini stored it fails naming
		// the document (Gini's answers cannot prove it is the item's): one error item per such loss.
		const { faults, tokenGrants } = gini.counters();
		expect(faults['503']).toBeGreaterThan(100);
		expect(faults['429']).toBeGreaterThan(50);
		expect(faults.reset + faults.resetAfterCommit).toBeGreaterThan(5);
		expect(faults.revocations).toBeGreaterThanOrEqual(20);
		const lostAfterStoring = failures.filter(
			(item) => item.json.candidateDocumentIds !== undefined,
		);
		expect(lostAfterStoring.length).toBeLessThanOrEqual(faults.resetAfterCommit);
		expect(successes.length).toBeGreaterThanOrEqual(UPLOADS - 5 - lostAfterStoring.length);
		if (mode === 'userCenter') {
			// One acquisition to start and one per revocation, not one per waiting item (a grant whose answer was lost
			// is the only other reason for another).
			expect(tokenGrants.total).toBeGreaterThan(1);
			expect(tokenGrants.total).toBeLessThanOrEqual(
				1 + faults.revocations + faults.resetAfterCommit,
			);
		}
		const statuses = countBy(successes.map((item) => String(item.json.uploadStatus)));
		expect(Object.keys(statuses)).toEqual(['created']);
		report(`${mode}/${binaryMode}`, {
			successes: successes.length,
			failures: failures.map((item) => item.json),
			statuses,
			faults,
			tokenGrants,
		});
	});
});

describe('5 different invoices all named Rechnung.pdf, every answer lost after Gini stored them, concurrency 5', () => {
	it('no item outputs another item’s document; each names its own among the candidates', async () => {
		const uploads = (await uniqueUploads('five-same-name', 5)).map((upload) => ({
			...upload,
			fileName: 'Rechnung.pdf',
		}));
		for (const upload of uploads) upload.item.binary!.data.fileName = 'Rechnung.pdf';
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		gini.setFaults({ routes: ['POST /documents'], shareResetAfterCommit: 1 });
		const result = await runGini({
			mode: 'basic',
			credential: credentials.basic(),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				requestOptions: { concurrency: 5 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
		});
		gini.setFaults({});
		const out = result.output('Gini Pay');
		const created = gini.documents().filter((document) => !before.has(document.id));
		expect(created).toHaveLength(5);
		expectEachAccountedFor(created, out, byHash, () => 'Rechnung.pdf');
		for (const item of out) expect(item.json.candidateDocumentIds).toEqual(expect.any(Array));
	});
});

describe('200 different invoices all named Rechnung.pdf under faults, while a second process uploads that name too', () => {
	it('no item outputs a document that is not its own; every stored invoice is accounted for', async () => {
		const uploads = (await uniqueUploads('same-name', 200)).map((upload) => ({
			...upload,
			fileName: 'Rechnung.pdf',
		}));
		for (const upload of uploads) upload.item.binary!.data.fileName = 'Rechnung.pdf';
		const byHash = new Map(uploads.map((upload, index) => [upload.sha256, index]));
		const before = new Set(gini.documents().map((document) => document.id));
		// Answers lost before and after Gini stored the upload, ten times as often as in the mix above.
		gini.setFaults({ ...FAULTS, shareReset: 0.05, shareResetAfterCommit: 0.05 });

		const others = new Set<string>();
		let running = true;
		const secondProcess = (async () => {
			for (let n = 0; running && n < 500; n++) {
				const bytes = buildTextPdf([[`# Rechnung eines anderen Prozesses ${n}`]]);
				others.add(sha256(bytes));
				await uploadAsAnotherProcess(bytes).catch(() => undefined);
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		})();
		const result = await runGini({
			mode: 'basic',
			credential: credentials.basic(),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				requestOptions: { concurrency: 5 },
			},
			items: uploads.map((upload) => upload.item),
			continueOnFail: true,
		});
		running = false;
		await secondProcess;
		gini.setFaults({});
		expect(result.error).toBeUndefined();
		const out = result.output('Gini Pay');
		expect(out).toHaveLength(uploads.length);

		const created = gini.documents().filter((document) => !before.has(document.id));
		expect(created.filter((document) => others.has(document.sha256)).length).toBeGreaterThan(10);
		expectEachAccountedFor(created, out, byHash, () => 'Rechnung.pdf', others);
		const { faults } = gini.counters();
		expect(faults.resetAfterCommit).toBeGreaterThan(3);
		report('same-name', {
			successes: out.filter((item) => typeof item.json.id === 'string').length,
			lostAfterStoring: out.filter((item) => item.json.candidateDocumentIds !== undefined).length,
			otherErrors: out.filter((item) => item.json.error && !item.json.candidateDocumentIds).length,
			faults,
		});
	});
});

/** An upload by someone else for the same user and name, straight to Gini. */
async function uploadAsAnotherProcess(bytes: Buffer): Promise<void> {
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
 * Every new document is one item's (by content) and that item accounts for it: a success naming it, or an error
 * naming it among the candidates of a lost answer. No document holds twice the same bytes, and no success names a
 * document that is not its own. `others` are documents a second process stored: never an item's output.
 */
function expectEachAccountedFor(
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
	for (const document of mine) {
		const index = byHash.get(document.sha256);
		expect(index).toBeDefined();
		expect(document.name).toBe(nameOf(index!));
		const json = out[index!].json;
		if (json.error === undefined) expect(json).toMatchObject({ id: document.id });
		else expect(json.candidateDocumentIds).toContain(document.id);
	}
	const stored = new Map(created.map((document) => [document.id, document]));
	const foreign = out.flatMap((item, index) => {
		if (typeof item.json.id !== 'string') return [];
		return byHash.get(stored.get(item.json.id)?.sha256 ?? '') === index
			? []
			: [{ index, id: item.json.id }];
	});
	expect(foreign).toEqual([]);
}

function countBy(values: string[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

function report(name: string, figures: IDataObject): void {
	if (process.env.FAULT_SUITE_REPORT) process.stdout.write(`${name}: ${JSON.stringify(figures)}\n`);
}
