/**
 * Runs the Gini Pay node inside n8n's engine (test/harness) against the emulator (test/emulator), over real HTTP
 * on loopback. One place for credential data, node parameters and sample items, so tests read as behaviour.
 * `useGini` is the one way into a node test: it owns the emulator of a test file and its resets.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { GiniPay } from '../../nodes/GiniPay/GiniPay.node.ts';
import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import {
	DEMO_CLIENTS,
	startEmulator,
	type Emulator,
	type EmulatorOptions,
} from '../emulator/index.cts';
import {
	SAMPLE_E_INVOICES,
	SAMPLE_INVOICES,
	loadFixture,
	type SampleInvoice,
} from '../fixtures/invoices.cts';
import { binaryItem, runNode, type WorkflowRunResult } from '../harness/index.cts';

export type Mode = 'basic' | 'jwt' | 'userCenter';

export const CREDENTIAL_TYPE: Record<Mode, string> = {
	basic: 'giniPayBasicApi',
	jwt: 'giniPayJwtApi',
	userCenter: 'giniUserCenterApi',
};

export const credentialTypes = [
	new GiniPayBasicApi(),
	new GiniPayJwtApi(),
	new GiniUserCenterApi(),
];

export function basicCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		clientId: DEMO_CLIENTS.derived.clientId,
		clientSecret: DEMO_CLIENTS.derived.clientSecret,
		userIdentifier: 'default-user',
		...data,
	};
}

export function jwtCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		jwtSource: 'sign',
		privateKey: DEMO_CLIENTS.jwt.privateKeyPem,
		algorithm: DEMO_CLIENTS.jwt.algorithm,
		keyId: DEMO_CLIENTS.jwt.keyId,
		issuer: DEMO_CLIENTS.jwt.jwt?.issuer ?? '',
		lifetimeSeconds: 300,
		clientId: DEMO_CLIENTS.jwt.clientId,
		clientSecret: '',
		userIdentifier: 'default-user',
		...data,
	};
}

export function userCenterCredential(
	emulator: Emulator,
	data: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject {
	return {
		payApiUrl: emulator.payApiUrl,
		userCenterUrl: emulator.userCenterUrl,
		clientId: DEMO_CLIENTS.anonymous.clientId,
		clientSecret: DEMO_CLIENTS.anonymous.clientSecret,
		userEmail: '',
		userPassword: '',
		...data,
	};
}

export interface RunGiniOptions {
	mode: Mode;
	credential: ICredentialDataDecryptedObject;
	parameters: INodeParameters;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	binaryMode?: 'default' | 'filesystem';
	/** Stops the execution when it aborts (n8n's "Stop"). */
	cancelSignal?: AbortSignal;
	/** The node's ID: runs with the same ID share what n8n's deduplication store recorded for the node. */
	nodeId?: string;
	/** n8n's "On Error" setting; `continueErrorOutput` gives the node a second output for failed items. */
	onError?: 'continueRegularOutput' | 'continueErrorOutput';
}

/** One execution of a workflow holding a single Gini Pay node. */
export async function runGini(options: RunGiniOptions): Promise<WorkflowRunResult> {
	const type = CREDENTIAL_TYPE[options.mode];
	return await runNode({
		nodeTypes: [new GiniPay()],
		credentialTypes,
		credentials: [{ type, id: `${type}-1`, name: `${type} test`, data: options.credential }],
		binaryMode: options.binaryMode,
		cancelSignal: options.cancelSignal,
		node: {
			...(options.nodeId ? { id: options.nodeId } : {}),
			name: 'Gini Pay',
			type: 'n8n-nodes-gini-pay.giniPay',
			parameters: { authentication: options.mode, ...options.parameters },
			credentials: { [type]: { id: `${type}-1`, name: `${type} test` } },
			continueOnFail: options.continueOnFail ?? false,
			...(options.onError ? { onError: options.onError } : {}),
		},
		inputItems: options.items ?? [{ json: {} }],
	});
}

export function outputJson(result: WorkflowRunResult): IDataObject[] {
	if (result.error) throw result.error;
	return result.output('Gini Pay').map((item) => item.json);
}

/** Items carrying the sample invoices as binaries, the way a Read Files or e-mail node would pass them on. */
export async function invoiceItems(
	count = goodInvoices().length,
	json: (index: number) => IDataObject = () => ({}),
) {
	const pdfs = goodInvoices().filter((sample) => sample.mediaType === 'application/pdf');
	return await Promise.all(
		Array.from({ length: count }, async (_, index) => {
			const sample = pdfs[index % pdfs.length];
			return await binaryItem(loadFixture(sample.file), sample.file, sample.mediaType, json(index));
		}),
	);
}

/** The samples Gini processes to COMPLETED with payment data. */
export function goodInvoices() {
	return SAMPLE_INVOICES.filter(
		(sample) => sample.outcome === 'COMPLETED' && Object.keys(sample.expected).length > 0,
	);
}

export function resetTokenCache(): void {
	sharedTokenCache.clear();
}

/** A User Center user (anonymous user) the `userCenter` credential logs in as. */
export interface GiniUser {
	userEmail: string;
	userPassword: string;
}

export interface UseGiniOptions extends EmulatorOptions {
	/** Created once, before the file's first test; the `userCenter` credential of `credential()` logs in as it. */
	user?: GiniUser;
	/** The X-User-Identifier of the `basic` and `jwt` credentials of `credential()`; default 'default-user'. */
	userIdentifier?: string;
	/** 'test' starts a new emulator (empty store) for each test instead of one for the file. */
	fresh?: 'file' | 'test';
}

/**
 * The emulator of this test file (`Emulator`'s members work inside hooks and tests) and the node run against it.
 * Credentials are those of `useGini`'s options unless `data` overrides fields.
 */
export interface GiniTestbed extends Emulator {
	credential(mode: Mode, data?: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject;
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
	/** Uploads sample files (test/fixtures/files, one item each) and returns the created documents. */
	upload(mode: Mode, files: string[], parameters?: INodeParameters): Promise<Uploaded[]>;
	/** Requests on one route (`<METHOD> <template>`, e.g. 'GET /documents/{id}') since the test began. */
	routeCount(route: string): number;
}

/** An upload's output: the document, or `{document, extractions}` with Wait for Extractions. */
export type Uploaded = IDataObject & { id: string };

/**
 * The one way into a node test. Call it at the top of a test file (or of a `describe`): it registers, in plain
 * sight, the hooks that start the emulator with `options` (`processingMs` defaults to 0), create `options.user`,
 * and stop the emulator at the end. Before each test it resets what a test may change: the token cache, faults,
 * counters, processing time, fidelity, feedback methods, listing and Gini's clock go back to `options`. The store
 * (users, documents, payment requests) lives for the file; `fresh: 'test'` gives each test an empty one.
 */
export function useGini(options: UseGiniOptions = {}): GiniTestbed {
	const { user, userIdentifier, fresh = 'file', ...emulatorOptions } = options;
	const settings: EmulatorOptions = { processingMs: 0, ...emulatorOptions };
	let started: Emulator | undefined;
	const gini = (): Emulator => {
		if (!started)
			throw new Error('useGini starts the emulator in a hook: use it inside hooks and tests');
		return started;
	};
	const start = async () => {
		started = await startEmulator(settings);
		if (user)
			outputJson(
				await runGini({
					mode: 'userCenter',
					credential: userCenterCredential(started),
					parameters: {
						resource: 'user',
						operation: 'create',
						email: user.userEmail,
						password: user.userPassword,
					},
				}),
			);
	};
	const stop = async () => {
		await started?.stop();
		started = undefined;
	};
	const reset = () => {
		resetTokenCache();
		const emulator = gini();
		emulator.setFaults(settings.faults ?? {});
		emulator.resetCounters();
		emulator.setProcessingMs(settings.processingMs!);
		emulator.setFidelity(settings.fidelity ?? 'strict');
		emulator.setFeedbackMethods(settings.feedbackMethods ?? 'both');
		emulator.setListing(settings.listing ?? 'docs');
		emulator.setClockOffset(0);
	};
	if (fresh === 'file') {
		beforeAll(start);
		afterAll(stop);
		beforeEach(reset);
	} else {
		beforeEach(async () => {
			resetTokenCache();
			await start();
		});
		afterEach(stop);
	}

	const credential: GiniTestbed['credential'] = (mode, data = {}) => {
		const identity: ICredentialDataDecryptedObject = userIdentifier ? { userIdentifier } : {};
		if (mode === 'basic') return basicCredential(gini(), { ...identity, ...data });
		if (mode === 'jwt') return jwtCredential(gini(), { ...identity, ...data });
		return userCenterCredential(gini(), { ...user, ...data });
	};
	const run: GiniTestbed['run'] = async (mode, parameters, items, continueOnFail) =>
		await runGini({ mode, credential: credential(mode), parameters, items, continueOnFail });
	const json: GiniTestbed['json'] = async (mode, parameters, items) =>
		outputJson(await run(mode, parameters, items));
	return {
		get payApiUrl() {
			return gini().payApiUrl;
		},
		get userCenterUrl() {
			return gini().userCenterUrl;
		},
		get publicBaseUrl() {
			return gini().publicBaseUrl;
		},
		get publicUserCenterUrl() {
			return gini().publicUserCenterUrl;
		},
		stop: async () => await gini().stop(),
		counters: () => gini().counters(),
		resetCounters: () => gini().resetCounters(),
		setFaults: (faults) => gini().setFaults(faults),
		setFidelity: (fidelity) => gini().setFidelity(fidelity),
		setFeedbackMethods: (methods) => gini().setFeedbackMethods(methods),
		setProcessingMs: (ms) => gini().setProcessingMs(ms),
		setListing: (listing) => gini().setListing(listing),
		setClockOffset: (ms) => gini().setClockOffset(ms),
		addClient: (client) => gini().addClient(client),
		revokeAllTokens: () => gini().revokeAllTokens(),
		revokeToken: (accessToken) => gini().revokeToken(accessToken),
		documents: () => gini().documents(),
		seedPaymentRequest: (request) => gini().seedPaymentRequest(request),
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
		routeCount: (route) => gini().counters().requests.byRoute[route] ?? 0,
	};
}

/** A sample invoice or e-invoice of test/fixtures/files by file name. */
export function sample(file: string): SampleInvoice {
	const found = [...SAMPLE_INVOICES, ...SAMPLE_E_INVOICES].find(
		(candidate) => candidate.file === file,
	);
	if (!found) throw new Error(`No sample invoice ${file}`);
	return found;
}

/** An item carrying a sample file as binary under `property`. */
export async function sampleItem(
	file: string,
	json: IDataObject = {},
	property = 'data',
): Promise<INodeExecutionData> {
	const { mediaType } = sample(file);
	return await binaryItem(loadFixture(file), file, mediaType, json, property);
}
