/**
 * Shared pieces of the lifecycle tests (lifecycle*.test.cts): one emulator per file, a credential per auth mode with
 * its users ready, sample items with one or several binaries, and what the simplified view of a sample must be.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { ALL_FIELDS, SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';
import { startEmulator, type Emulator } from '../emulator/index.cts';
import {
	loadFixture,
	SAMPLE_E_INVOICES,
	SAMPLE_INVOICES,
	type SampleInvoice,
} from '../fixtures/invoices.cts';
import { binaryItem, type WorkflowRunResult } from '../harness/index.cts';
import {
	basicCredential,
	jwtCredential,
	outputJson,
	resetTokenCache,
	runGini,
	userCenterCredential,
	type Mode,
} from './gini.cts';

export const MODES: Mode[] = ['basic', 'jwt', 'userCenter'];

export const ANONYMOUS_USER = {
	userEmail: 'lifecycle@app.example.org',
	userPassword: 'secret-123',
};

/** Route keys of the emulator's counters (`<METHOD> <template>`). */
export const ROUTE = {
	getDocument: 'GET /documents/{id}',
	upload: 'POST /documents',
	/** As both maintained SDKs send it (docs/gini-api.md §4.6). */
	feedback: 'POST /documents/{id}/extractions/feedback',
	/** As Gini's docs page writes it; the node's fallback after a 405. */
	feedbackPut: 'PUT /documents/{id}/extractions/feedback',
	deleteDocument: 'DELETE /documents/{id}',
} as const;

/** An upload's output: the document, or `{document, extractions}` with Wait for Extractions. */
export type Uploaded = IDataObject & { id: string };

export interface Lifecycle {
	gini: Emulator;
	credential(mode: Mode): ICredentialDataDecryptedObject;
	run(
		mode: Mode,
		parameters: INodeParameters,
		items?: INodeExecutionData[],
		continueOnFail?: boolean,
	): Promise<WorkflowRunResult>;
	/** Runs and returns the output JSON, throwing the node's error if it failed. */
	json(
		mode: Mode,
		parameters: INodeParameters,
		items?: INodeExecutionData[],
	): Promise<IDataObject[]>;
	/** Uploads the samples (one item each) and returns the created documents. */
	upload(mode: Mode, files: string[], parameters?: INodeParameters): Promise<Uploaded[]>;
	routeCount(route: string): number;
}

/** Starts an emulator for the file, creates the anonymous user, and resets caches and counters per test. */
export function useLifecycle(processingMs = 20): Lifecycle {
	let gini: Emulator | undefined;
	const emulator = (): Emulator => {
		if (!gini) throw new Error('The emulator is not started yet');
		return gini;
	};
	const credential = (mode: Mode): ICredentialDataDecryptedObject => {
		if (mode === 'basic') return basicCredential(emulator());
		if (mode === 'jwt') return jwtCredential(emulator());
		return userCenterCredential(emulator(), ANONYMOUS_USER);
	};
	const run: Lifecycle['run'] = async (mode, parameters, items, continueOnFail) =>
		await runGini({ mode, credential: credential(mode), parameters, items, continueOnFail });
	const json: Lifecycle['json'] = async (mode, parameters, items) =>
		outputJson(await run(mode, parameters, items));

	beforeAll(async () => {
		gini = await startEmulator({ processingMs });
		outputJson(
			await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini),
				parameters: {
					resource: 'user',
					operation: 'create',
					email: ANONYMOUS_USER.userEmail,
					password: ANONYMOUS_USER.userPassword,
				},
			}),
		);
	});
	afterAll(async () => await gini?.stop());
	beforeEach(() => {
		resetTokenCache();
		emulator().setProcessingMs(processingMs);
		emulator().setFidelity('strict');
		emulator().setFeedbackMethods('both');
		emulator().resetCounters();
	});

	return {
		get gini() {
			return emulator();
		},
		credential,
		run,
		json,
		upload: async (mode, files, parameters = {}) => {
			const out = await json(
				mode,
				{
					resource: 'document',
					operation: 'upload',
					waitForExtractions: false,
					binaryPropertyName: 'data',
					...parameters,
				},
				await Promise.all(files.map(async (file) => await sampleItem(file))),
			);
			return out.map((json) => ({ ...json, id: String(json.documentId) }));
		},
		routeCount: (route) => emulator().counters().requests.byRoute[route] ?? 0,
	};
}

export function sample(file: string): SampleInvoice {
	const found = [...SAMPLE_INVOICES, ...SAMPLE_E_INVOICES].find(
		(candidate) => candidate.file === file,
	);
	if (!found) throw new Error(`No sample invoice ${file}`);
	return found;
}

export const MUELLER = 'invoice-mueller-haustechnik.pdf';
export const SCHMIDT = 'invoice-schmidt-partner-2pages.pdf';
export const KOEHLER = 'invoice-baeckerei-koehler-compressed.pdf';
export const THUMBNAIL = 'invoice-thumbnail.png';
export const RECEIPT = 'receipt-photo.jpg';
export const CORRUPT = 'corrupt-truncated.pdf';
export const GRUENWALD_TEXT = 'invoice-gaertnerei-gruenwald.txt';

export async function sampleItem(
	file: string,
	json: IDataObject = {},
	property = 'data',
): Promise<INodeExecutionData> {
	const { mediaType } = sample(file);
	return await binaryItem(loadFixture(file), file, mediaType, json, property);
}

/** One item holding several binaries, in the order given: `[property, sample file]`. */
export async function pagesItem(
	pages: Array<[string, string]>,
	json: IDataObject = {},
): Promise<INodeExecutionData> {
	const item: INodeExecutionData = { json, binary: {} };
	for (const [property, file] of pages) {
		const single = await sampleItem(file, {}, property);
		item.binary![property] = single.binary![property];
	}
	return item;
}

/**
 * The payment fields a sample's item must hold: Gini's labels renamed, the amount split (docs/gini-api.md §1.5), the
 * payee taken from crossBorderPayment when it is there, a credit note's amount as creditAmount. With Simplify on (the
 * default) only those of the ten simplified fields, with it off all of them.
 */
export function expectedView(file: string, simplify = true): IDataObject {
	const view = fullView(file);
	if (!simplify) return view;
	const simplified = new Set<string>(SIMPLIFIED_FIELDS);
	return Object.fromEntries(Object.entries(view).filter(([name]) => simplified.has(name)));
}

/**
 * The fields the node itself writes into a raw (Simplify off) item with extractions, as the item has them: the rest of
 * the item is Gini's extractions answer and its document, which a test compares with what Gini answered.
 */
export function viewFieldsOf(item: IDataObject): IDataObject {
	expect(Object.keys(item).slice(0, ALL_FIELDS.length)).toEqual([...ALL_FIELDS]);
	return Object.fromEntries(ALL_FIELDS.map((name) => [name, item[name]]));
}

function fullView(file: string): IDataObject {
	const { expected } = sample(file);
	const [amount, currency] = expected.amountToPay ? expected.amountToPay.split(':') : [];
	const creditNote = expected.businessDocType === 'CreditNote';
	const payee = expected.crossBorderPayment ?? expected;
	const skonto = expected.skontoDiscounts;
	return {
		documentType: creditNote ? 'CreditNote' : (expected.docType ?? null),
		isCreditNote: creditNote,
		iban: payee.iban ?? null,
		bic: payee.bic ?? null,
		amount: amount === undefined || creditNote ? null : Number(amount),
		creditAmount: amount !== undefined && creditNote ? Number(amount) : null,
		currency: currency ?? null,
		recipient: payee.paymentRecipient ?? null,
		reference: expected.paymentReference ?? null,
		purpose: expected.paymentPurpose ?? null,
		dueDate: expected.paymentDueDate ?? null,
		instantPayment:
			expected.instantPayment === undefined ? null : expected.instantPayment === 'true',
		skontoAmountToPay: skonto ? Number(skonto.skontoAmountToPayCalculated.split(':')[0]) : null,
		skontoPercentage: skonto ? Number(skonto.skontoPercentageDiscounted) : null,
		skontoDueDate: skonto?.skontoDueDate ?? null,
		crossBorder: expected.crossBorderPayment !== undefined,
	};
}

export function documentUrlOf(gini: Emulator, id: unknown): string {
	return `${gini.payApiUrl}/documents/${String(id)}`;
}
