// startEmulator: wires the state, the two listeners and the programmatic controls together.
import { randomInt } from 'node:crypto';

import type { EmulatorState } from './context.cts';
import { CounterSet } from './counters.cts';
import { demoClientConfigs } from './demoClients.cts';
import { documentInfo } from './documents.cts';
import { FaultInjector } from './faults.cts';
import { JwtVerifier } from './jwt.cts';
import { resolveListing } from './listing.cts';
import { seedPaymentRequest } from './paymentRequests.cts';
import { Router } from './router.cts';
import { PAY_API_ROUTES, USER_CENTER_ROUTES } from './routes.cts';
import { close, createHandler, listen, newServer } from './server.cts';
import { Store } from './store.cts';
import { TokenStore } from './tokens.cts';
import type { ClientConfig, Emulator, EmulatorOptions } from './types.cts';

export const DEFAULT_TOKEN_TTL_SECONDS = 43199;
export const DEFAULT_PROCESSING_MS = 1000;

/** A public base as given, without trailing slashes; an invalid one is a programming error. */
function publicBase(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
		throw new Error(`publicBaseUrl "${url}" is not an http(s) URL`);
	}
	return url.replace(/\/+$/, '');
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const counters = new CounterSet();
	const store = new Store(() => counters.userCreated());
	for (const client of options.clients ?? demoClientConfigs()) store.addClient(client);
	const state: EmulatorState = {
		store,
		tokens: new TokenStore(
			options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
			options.tokenAnswers,
		),
		counters,
		faults: new FaultInjector(options.faults, options.seed ?? randomInt(2 ** 31)),
		jwt: new JwtVerifier(
			() => store.clients.values(),
			() => state.fidelity,
		),
		processingMs: options.processingMs ?? DEFAULT_PROCESSING_MS,
		listing: resolveListing(options.listing),
		listRequests: 0,
		fidelity: options.fidelity ?? 'strict',
		feedbackMethods: options.feedbackMethods ?? 'both',
		payApiUrl: '',
		userCenterUrl: '',
		publicPayApiUrl: '',
		publicUserCenterUrl: '',
	};
	const payApi = newServer(createHandler('payApi', new Router(PAY_API_ROUTES), state));
	const userCenter = newServer(createHandler('userCenter', new Router(USER_CENTER_ROUTES), state));
	try {
		state.payApiUrl = await listen(payApi, host, options.payApiPort ?? 0);
		state.userCenterUrl = await listen(userCenter, host, options.userCenterPort ?? 0);
		state.publicPayApiUrl = publicBase(options.publicBaseUrl) ?? state.payApiUrl;
		state.publicUserCenterUrl = publicBase(options.publicUserCenterUrl) ?? state.userCenterUrl;
	} catch (error) {
		await Promise.all([close(payApi), close(userCenter)]);
		throw error;
	}
	let stopped: Promise<void> | undefined;
	return {
		payApiUrl: state.payApiUrl,
		userCenterUrl: state.userCenterUrl,
		publicBaseUrl: state.publicPayApiUrl,
		publicUserCenterUrl: state.publicUserCenterUrl,
		stop: () => (stopped ??= Promise.all([close(payApi), close(userCenter)]).then(() => undefined)),
		counters: () => counters.snapshot(),
		resetCounters: () => counters.reset(),
		setFaults: (faults) => state.faults.set(faults),
		setFidelity: (fidelity) => {
			state.fidelity = fidelity;
		},
		setFeedbackMethods: (methods) => {
			state.feedbackMethods = methods;
		},
		setProcessingMs: (ms) => {
			state.processingMs = ms;
		},
		setListing: (listing) => {
			state.listing = resolveListing(listing);
			state.listRequests = 0;
		},
		setClockOffset: (ms) => {
			store.clockOffsetMs = ms;
		},
		addClient: (client: ClientConfig) => store.addClient(client),
		revokeAllTokens: () => {
			state.tokens.revokeAll();
		},
		revokeToken: (accessToken) => state.tokens.revoke(accessToken),
		documents: () => [...store.documents.values()].map((document) => documentInfo(state, document)),
		seedPaymentRequest: (pr) => seedPaymentRequest(state, pr),
	};
}
