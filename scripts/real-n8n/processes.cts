/**
 * Child processes for the real-n8n end-to-end test: every command runs in its own process group with a time limit,
 * and every long-running one is registered so that a failure, a signal or the end of the run stops it (and its
 * children: n8n starts task runners) instead of leaving it to hold ports on a CI machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface CommandResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	timedOut: boolean;
	ms: number;
}

export interface RunOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	timeoutMs: number;
	/** Also appended to this log file, so a failure can be read after the run. */
	log?: WriteStream;
	input?: string;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/** Runs a command to its end, or kills its process group once the time limit is reached. */
export async function run(
	command: string,
	args: string[],
	options: RunOptions,
): Promise<CommandResult> {
	const started = Date.now();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	live.add(child);
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
		options.log?.write(chunk);
	});
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
		options.log?.write(chunk);
	});
	// A command that exits without reading its input (chown) closes the pipe: EPIPE there is no failure.
	child.stdin?.on('error', () => undefined);
	child.stdin?.end(options.input ?? '');
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		killGroup(child, 'SIGTERM');
		setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
	}, options.timeoutMs);
	return await new Promise((resolve) => {
		const finish = (code: number | null, signal: NodeJS.Signals | null) => {
			clearTimeout(timer);
			live.delete(child);
			resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
		};
		child.on('error', (error) => {
			stderr += `\n${error.message}`;
			finish(null, null);
		});
		child.on('close', finish);
	});
}

export interface Background {
	child: ChildProcess;
	/** Everything printed so far (stdout and stderr together). */
	output(): string;
	exited(): boolean;
	stop(): Promise<void>;
}

/** Starts a long-running process (n8n start, dovecot) that `stopAll` ends. */
export function startBackground(
	command: string,
	args: string[],
	options: Omit<RunOptions, 'timeoutMs'>,
): Background {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	live.add(child);
	let output = '';
	let exited = false;
	const collect = (chunk: Buffer) => {
		output += chunk.toString();
		if (output.length > 2_000_000) output = output.slice(-1_000_000);
		options.log?.write(chunk);
	};
	child.stdout?.on('data', collect);
	child.stderr?.on('data', collect);
	const closed = new Promise<void>((resolve) =>
		child.on('close', () => {
			exited = true;
			live.delete(child);
			resolve();
		}),
	);
	child.on('error', (error) => {
		output += `\n${error.message}`;
	});
	return {
		child,
		output: () => output,
		exited: () => exited,
		stop: async () => {
			if (exited) return;
			killGroup(child, 'SIGTERM');
			const killer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
			await closed;
			clearTimeout(killer);
		},
	};
}

/** Last resort on exit: SIGKILL every process group still running. */
export function killAll(): void {
	for (const child of live) killGroup(child, 'SIGKILL');
}

export function openLog(path: string): WriteStream {
	return createWriteStream(path, { flags: 'a' });
}

export async function sleep(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value, or throws after `timeoutMs` with the last reason. */
export async function waitFor<T>(
	what: string,
	timeoutMs: number,
	check: () => Promise<T | undefined>,
	abort?: () => string | undefined,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		const reason = abort?.();
		if (reason) throw new Error(`${what}: ${reason}`);
		try {
			const value = await check();
			if (value !== undefined) return value;
		} catch (error) {
			last = (error as Error).message;
		}
		await sleep(500);
	}
	throw new Error(
		`${what}: not ready after ${Math.round(timeoutMs / 1000)} s${last ? ` (${last})` : ''}`,
	);
}
