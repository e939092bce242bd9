/**
 * Redis and PostgreSQL for the queue-mode part of the end-to-end test: Debian's packages (installed with apt-get
 * when missing and this is root, as on CI), each started in the foreground on its own data folder and a loopback
 * port, registered like every other child process so that the end of the run, a failure or a signal stops them.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { freePort } from './n8n.cts';
import { run, startBackground, waitFor, type Background } from './processes.cts';

const isRoot = () => process.getuid?.() === 0;

function postgresBinDir(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((version) => existsSync(path.join(root, version, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	// PostgreSQL 15 is Debian 12's; a newer one works as well.
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** apt-get install of what is missing (root only, as CI runs); throws with the command to run otherwise. */
export async function ensureQueueServices(log: WriteStream): Promise<{ installed: string[] }> {
	const missing: string[] = [];
	if (!existsSync('/usr/bin/redis-server')) missing.push('redis-server');
	if (!postgresBinDir()) missing.push('postgresql');
	if (missing.length === 0) return { installed: [] };
	if (!isRoot()) {
		throw new Error(`missing ${missing.join(', ')}: apt-get install -y ${missing.join(' ')}`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const update = await run('apt-get', ['update', '-qq'], { env, timeoutMs: 5 * 60_000, log });
	if (update.code !== 0) throw new Error(`apt-get update failed: ${update.stderr.slice(-500)}`);
	const install = await run(
		'apt-get',
		['install', '-y', '-qq', '--no-install-recommends', ...missing],
		{ env, timeoutMs: 10 * 60_000, log },
	);
	if (install.code !== 0) throw new Error(`apt-get install failed: ${install.stderr.slice(-500)}`);
	return { installed: missing };
}

export interface Redis {
	port: number;
	process: Background;
}

export async function startRedis(folder: string, log: WriteStream): Promise<Redis> {
	mkdirSync(folder, { recursive: true });
	const port = await freePort();
	const redis = startBackground(
		'/usr/bin/redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			folder,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ log },
	);
	await waitFor(
		'redis-server',
		30_000,
		async () => (/Ready to accept connections/.test(redis.output()) ? true : undefined),
		() => (redis.exited() ? `redis-server exited: ${redis.output().slice(-500)}` : undefined),
	);
	return { port, process: redis };
}

export interface Postgres {
	port: number;
	user: string;
	database: string;
	process: Background;
	/** Runs one SQL statement with psql and returns its unaligned output. */
	query(sql: string): Promise<string>;
}

/**
 * A throw-away cluster: initdb with trust authentication for one superuser on loopback, no fsync (test data), the
 * server in the foreground. PostgreSQL refuses to run as root, so as root it runs as Debian's `postgres` user.
 */
export async function startPostgres(folder: string, log: WriteStream): Promise<Postgres> {
	const bin = postgresBinDir();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)');
	const asRoot = isRoot();
	const wrap = (command: string, args: string[]): [string, string[]] =>
		asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
	const data = path.join(folder, 'data');
	mkdirSync(folder, { recursive: true });
	if (asRoot) {
		// The postgres user must reach its folder: the work folder above it is mkdtemp's 0700.
		for (
			let dir = path.dirname(folder);
			dir.startsWith(`${tmpdir()}${path.sep}`);
			dir = path.dirname(dir)
		) {
			chmodSync(dir, 0o711);
		}
		const chown = await run('chown', ['-R', 'postgres:postgres', folder], {
			timeoutMs: 30_000,
			log,
		});
		if (chown.code !== 0) throw new Error(`chown postgres: ${chown.stderr}`);
	}
	const user = 'n8n';
	const [initCommand, initArgs] = wrap(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		user,
		'--auth=trust',
		'--encoding=UTF8',
		'--no-sync',
	]);
	const init = await run(initCommand, initArgs, { timeoutMs: 120_000, log, cwd: folder });
	if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr.slice(-800)}`);
	const port = await freePort();
	const [command, args] = wrap(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-h',
		'127.0.0.1',
		'-k',
		folder,
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
		'-c',
		'max_connections=100',
	]);
	const server = startBackground(command, args, { log, cwd: folder });
	const psql = path.join(bin, 'psql');
	const query = async (sql: string, database = 'n8n'): Promise<string> => {
		const result = await run(
			psql,
			['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', database, '-At', '-c', sql],
			{ timeoutMs: 60_000, cwd: folder },
		);
		if (result.code !== 0) throw new Error(`psql: ${result.stderr.trim().slice(-500)}`);
		return result.stdout.trim();
	};
	await waitFor(
		'postgres',
		60_000,
		async () => ((await query('select 1', 'postgres')) === '1' ? true : undefined),
		() => (server.exited() ? `postgres exited: ${server.output().slice(-800)}` : undefined),
	);
	await query('create database n8n', 'postgres');
	return { port, user, database: 'n8n', process: server, query: (sql) => query(sql) };
}
