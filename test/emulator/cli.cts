// `npm run emulator`: starts the emulator and prints ONE line of JSON (URLs and demo clients, for
// scripts to parse), then one human-readable line; runs until SIGINT or SIGTERM.
// Flags: --port-pay <n> --port-user <n> --processing-ms <n> --ttl <seconds> --max-limit <n> --latency-ms <n>
// --listing docs|legacy --order newestFirst|oldestFirst --partials listed|unlisted|unlinked
// (also --flag=value). `--partials unlinked`: listed without `compositeDocuments`.
// --public-base-url <url> and --public-user-center-url <url> write links on another base, as behind a gateway.
import { DEMO_CLIENTS, DEMO_JWT_PRIVATE_KEY_PATH } from './demoClients.cts';
import { startEmulator } from './emulator.cts';
import { claimNames } from './jwt.cts';
import { resolveListing } from './listing.cts';
import type { ListingOptions } from './types.cts';

const FLAGS = ['port-pay', 'port-user', 'processing-ms', 'ttl', 'max-limit', 'latency-ms'] as const;
const URL_FLAGS = ['public-base-url', 'public-user-center-url'] as const;
const WORD_FLAGS = {
	listing: ['docs', 'legacy'],
	order: ['newestFirst', 'oldestFirst'],
	partials: ['listed', 'unlisted', 'unlinked'],
} as const;
type Flag = (typeof FLAGS)[number];
type UrlFlag = (typeof URL_FLAGS)[number];
type WordFlag = keyof typeof WORD_FLAGS;
type Flags = Partial<Record<Flag, number>> & Partial<Record<UrlFlag | WordFlag, string>>;

function parseFlags(argv: string[]): Flags {
	const flags: Flags = {};
	const known: readonly string[] = [...FLAGS, ...URL_FLAGS, ...Object.keys(WORD_FLAGS)];
	for (let i = 0; i < argv.length; i++) {
		const [name, inline] = argv[i].replace(/^--/, '').split(/=(.*)/s, 2);
		if (!argv[i].startsWith('--') || !known.includes(name)) {
			throw new Error(
				`Unknown argument ${argv[i]}; flags: ${known.map((f) => `--${f}`).join(' ')}`,
			);
		}
		const raw = inline ?? argv[++i];
		if ((URL_FLAGS as readonly string[]).includes(name)) {
			if (raw === undefined || !URL.canParse(raw)) throw new Error(`--${name} needs a URL`);
			flags[name as UrlFlag] = raw;
			continue;
		}
		if (name in WORD_FLAGS) {
			const allowed: readonly string[] = WORD_FLAGS[name as WordFlag];
			if (!allowed.includes(raw)) throw new Error(`--${name} needs one of ${allowed.join(', ')}`);
			flags[name as WordFlag] = raw;
			continue;
		}
		const value = Number(raw);
		if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) {
			throw new Error(`--${name} needs a non-negative number`);
		}
		flags[name as Flag] = value;
	}
	return flags;
}

function listingOf(flags: ReturnType<typeof parseFlags>): ListingOptions {
	const listing: ListingOptions = {
		profile: flags.listing as ListingOptions['profile'],
		order: flags.order as ListingOptions['order'],
		partialsListed: flags.partials === undefined ? undefined : flags.partials !== 'unlisted',
		partialsLinkComposites:
			flags.partials === undefined ? undefined : flags.partials !== 'unlinked',
	};
	if (flags['max-limit'] !== undefined) listing.maxLimit = flags['max-limit'];
	return listing;
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2));
	const listing = listingOf(flags);
	const emulator = await startEmulator({
		payApiPort: flags['port-pay'],
		userCenterPort: flags['port-user'],
		processingMs: flags['processing-ms'],
		tokenTtlSeconds: flags.ttl,
		listing,
		publicBaseUrl: flags['public-base-url'],
		publicUserCenterUrl: flags['public-user-center-url'],
		faults: flags['latency-ms'] === undefined ? undefined : { latencyMs: flags['latency-ms'] },
	});
	const { derived, jwt, anonymous } = DEMO_CLIENTS;
	const clients = {
		derived,
		jwt: {
			clientId: jwt.clientId,
			clientSecret: jwt.clientSecret,
			kind: jwt.kind,
			refreshTokens: jwt.refreshTokens,
			issuer: jwt.jwt!.issuer,
			claims: claimNames(jwt),
			algorithm: jwt.algorithm,
			keyId: jwt.keyId,
			privateKeyPemPath: DEMO_JWT_PRIVATE_KEY_PATH,
		},
		anonymous,
	};
	const { payApiUrl, userCenterUrl, publicBaseUrl, publicUserCenterUrl } = emulator;
	const shown = {
		payApiUrl,
		userCenterUrl,
		publicBaseUrl,
		publicUserCenterUrl,
		clients,
		listing: resolveListing(listing),
	};
	process.stdout.write(`${JSON.stringify(shown)}\n`);
	process.stdout.write(
		`Gini emulator: Pay API ${payApiUrl}, User Center ${userCenterUrl}, ` +
			`demo clients ${derived.clientId} / ${jwt.clientId} / ${anonymous.clientId}; Ctrl+C stops it\n`,
	);
	const shutdown = (): void => {
		emulator.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', shutdown);
	process.once('SIGTERM', shutdown);
}

main().catch((error: Error) => {
	process.stderr.write(`emulator: ${error.message}\n`);
	process.exit(1);
});
