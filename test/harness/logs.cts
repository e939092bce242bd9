import { LoggerProxy, type Logger as WorkflowLogger } from 'n8n-workflow';

import { Container, Logger } from './n8n-core-internals.cts';

export interface CapturedLog {
	level: string;
	message: string;
	meta?: unknown;
}

export interface LogCapture {
	logs: CapturedLog[];
	/** Stops recording into `logs`; the last active capture also restores n8n's LoggerProxy. */
	stop(): void;
}

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;
type Level = (typeof LEVELS)[number];

const activeSinks = new Set<CapturedLog[]>();

function record(level: Level, message: string, meta?: unknown): void {
	const entry: CapturedLog = meta === undefined ? { level, message } : { level, message, meta };
	for (const sink of activeSinks) sink.push(entry);
}

/**
 * One recorder for the whole test process. n8n-core logs through two doors: n8n-workflow's
 * `LoggerProxy` (engine messages) and the DI-managed `Logger` of @n8n/backend-common (what a
 * node sees as `this.logger`, e.g. the "not retried after refreshing the credential" warning of
 * the request helpers). Services capture the DI logger once when they are constructed, so the
 * recorder stays registered and simply drops messages while no capture is active.
 */
const recorder = {
	error: (message: string, meta?: unknown) => record('error', message, meta),
	warn: (message: string, meta?: unknown) => record('warn', message, meta),
	info: (message: string, meta?: unknown) => record('info', message, meta),
	debug: (message: string, meta?: unknown) => record('debug', message, meta),
	scoped: () => recorder,
};

let diLoggerInstalled = false;

/**
 * Registers the recorder as n8n-core's DI Logger. Must happen before anything asks the container
 * for a Logger: a real one would be built instead, re-initialise LoggerProxy, print to the console,
 * and stay inside every service built with it (the error reporter, the binary data service).
 */
export function installDiLogger(): void {
	if (diLoggerInstalled) return;
	Container.set(Logger, recorder as unknown as InstanceType<typeof Logger>);
	diLoggerInstalled = true;
}

let savedProxy: WorkflowLogger | undefined;

/** What restoring installed, so the next capture saves the logger underneath, not a wrapper. */
let restored: { wrappers: WorkflowLogger; underlying: WorkflowLogger } | undefined;

function currentProxy(): WorkflowLogger {
	const current: WorkflowLogger = {
		error: LoggerProxy.error,
		warn: LoggerProxy.warn,
		info: LoggerProxy.info,
		debug: LoggerProxy.debug,
	};
	const unchanged =
		restored && LEVELS.every((level) => current[level] === restored?.wrappers[level]);
	return unchanged && restored ? restored.underlying : current;
}

function restoreProxy(logger: WorkflowLogger): void {
	LoggerProxy.init(logger);
	restored = {
		wrappers: {
			error: LoggerProxy.error,
			warn: LoggerProxy.warn,
			info: LoggerProxy.info,
			debug: LoggerProxy.debug,
		},
		underlying: logger,
	};
}

/** Starts recording every log call made through LoggerProxy or the DI Logger. */
export function startLogCapture(): LogCapture {
	installDiLogger();
	if (activeSinks.size === 0) {
		savedProxy = currentProxy();
		LoggerProxy.init(recorder);
	}
	const logs: CapturedLog[] = [];
	activeSinks.add(logs);
	let stopped = false;
	return {
		logs,
		stop() {
			if (stopped) return;
			stopped = true;
			activeSinks.delete(logs);
			if (activeSinks.size === 0 && savedProxy) {
				restoreProxy(savedProxy);
				savedProxy = undefined;
			}
		},
	};
}

/** Runs `fn` and returns what it logged (including logs of work it started concurrently). */
export async function captureLogs<T>(
	fn: () => Promise<T>,
): Promise<{ result: T; logs: CapturedLog[] }> {
	const capture = startLogCapture();
	try {
		return { result: await fn(), logs: capture.logs };
	} finally {
		capture.stop();
	}
}

/**
 * Renders captured logs as one string, errors included with message, stack and own properties,
 * so a test can assert that a secret appears nowhere (`expect(formatLogs(logs)).not.toContain(x)`).
 */
export function formatLogs(logs: CapturedLog[]): string {
	const seen = new WeakSet<object>();
	return logs
		.map((log) => {
			const meta = JSON.stringify(log.meta, (_key, value: unknown) => {
				if (typeof value === 'bigint') return value.toString();
				if (typeof value === 'function') return `[function ${value.name}]`;
				if (value === null || typeof value !== 'object') return value;
				if (seen.has(value)) return '[circular]';
				seen.add(value);
				if (value instanceof Error) {
					const { name, message, stack, cause } = value;
					return { ...value, name, message, stack, cause };
				}
				// Buffers arrive already turned into { type: 'Buffer', data } by their toJSON.
				const buffer = value as { type?: unknown; data?: unknown };
				if (buffer.type === 'Buffer' && Array.isArray(buffer.data)) {
					return Buffer.from(buffer.data as number[]).toString('utf8');
				}
				return value;
			});
			return `${log.level}: ${log.message}${meta === undefined ? '' : ` ${meta}`}`;
		})
		.join('\n');
}
