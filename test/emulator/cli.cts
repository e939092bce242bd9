// `npm run emulator`: starts the emulator and prints ONE line of JSON (URLs and demo clients, for
// scripts to parse), then one human-readable line; runs until SIGINT or SIGTERM.
// Flags: --port-pay <n> --port-user <n> --processing-ms <n> --ttl <seconds> (also --flag=value);
// --public-base-url <url> and --public-user-center-url <url> write links on another base, as behind a gateway.
import { DEMO_CLIENTS, DEMO_JWT_PRIVATE_KEY_PATH } from './demoClients.cts';
import { startEmulator } from './emulator.cts';
import { claimNames } from './jwt.cts';

const FLAGS = ['port-pay', 'port-user', 'processing-ms', 'ttl'] as const;
const URL_FLAGS = ['public-base-url', 'public-user-center-url'] as const;
type Flag = (typeof FLAGS)[number];
type UrlFlag = (typeof URL_FLAGS)[number];

function parseFlags(argv: string[]): Partial<Record<Flag, number> & Record<UrlFlag, string>> {
	const flags: Partial<Record<Flag, number> & Record<UrlFlag, string>> = {};
	const known: readonly string[] = [...FLAGS, ...URL_FLAGS];
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
		const value = Number(raw);
		if (raw === undefined || raw === '' || !Number.isFinite(value) || value < 0) {
			throw new Error(`--${name} needs a non-negative number`);
		}
		flags[name as Flag] = value;
	}
	return flags;
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2));
	const emulator = await startEmulator({
		payApiPort: flags['port-pay'],
		userCenterPort: flags['port-user'],
		processingMs: flags['processing-ms'],
		tokenTtlSeconds: flags.ttl,
		publicBaseUrl: flags['public-base-url'],
		publicUserCenterUrl: flags['public-user-center-url'],
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
	process.stdout.write(
		`${JSON.stringify({ payApiUrl, userCenterUrl, publicBaseUrl, publicUserCenterUrl, clients })}\n`,
	);
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
