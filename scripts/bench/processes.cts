/**
 * Child processes of the benchmark: the emulator (test/emulator/cli.cts) where its memory or CPU would blur a
 * figure, and sub-scripts that measure in a clean process. Each child runs `node --import tsx` with this
 * process's Node (v24 from the devDependency), so no extra tsx launcher process sits in between.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

import type { Counters } from '../../test/emulator/index.cts';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export function spawnScript(
	script: string,
	args: string[],
	nodeFlags: string[] = [],
	env: Record<string, string> = {},
): ChildProcess {
	return spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, ...env },
	});
}

/** Resolves with the first line a child prints on stdout (the cli's JSON line, a sub-script's result). */
export function firstLine(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		const onExit = (code: number | null) =>
			reject(new Error(`child exited (${code}) before answering`));
		child.once('exit', onExit);
		child.once('error', reject);
		lines.once('line', (line) => {
			child.off('exit', onExit);
			resolve(line);
		});
	});
}

export async function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null) return child.exitCode;
	return await new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** The emulator in its own process, read and reset through its admin routes (test/emulator/admin.cts). */
export interface EmulatorProcess {
	payApiUrl: string;
	userCenterUrl: string;
	counters(): Promise<Counters>;
	resetCounters(): Promise<void>;
	stop(): Promise<void>;
}

export async function startEmulatorProcess(
	processingMs: number,
	latencyMs = 0,
): Promise<EmulatorProcess> {
	const child = spawnScript(path.join('test', 'emulator', 'cli.cts'), [
		'--processing-ms',
		String(processingMs),
		...(latencyMs > 0 ? ['--latency-ms', String(latencyMs)] : []),
	]);
	const { payApiUrl, userCenterUrl } = JSON.parse(await firstLine(child)) as {
		payApiUrl: string;
		userCenterUrl: string;
	};
	child.stdout!.resume();
	const admin = async (method: string, route: string) => {
		const response = await fetch(`${payApiUrl}/__emulator/${route}`, { method });
		if (!response.ok) throw new Error(`emulator admin ${route}: ${response.status}`);
		return await response.json();
	};
	return {
		payApiUrl,
		userCenterUrl,
		counters: async () => (await admin('GET', 'counters')) as Counters,
		resetCounters: async () => {
			await admin('POST', 'reset-counters');
		},
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited(child);
		},
	};
}
