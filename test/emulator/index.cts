// The Gini Pay API + User Center emulator: public entry point.
export { startEmulator, DEFAULT_PROCESSING_MS, DEFAULT_TOKEN_TTL_SECONDS } from './emulator.cts';
export { DEMO_CLIENTS, DEMO_JWT_ISSUER, DEMO_JWT_PRIVATE_KEY_PATH } from './demoClients.cts';
export { loadJose } from './jose.cts';
export type {
	ClientConfig,
	Counters,
	Emulator,
	EmulatorOptions,
	FaultOptions,
	ListingOptions,
	ListingProfileName,
	FeedbackMethods,
	Fidelity,
	PaymentRequestSeed,
	StoredDocumentInfo,
} from './types.cts';
