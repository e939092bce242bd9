// A controlled clock for tests that time the node's waits (polling, backoff, timeouts) while it talks to a server
// over real HTTP. Date and the global timer functions are jest's fake ones; the event loop's own machinery
// (process.nextTick, setImmediate, queueMicrotask, hrtime, performance) and Node's internal socket timers stay real,
// so requests still travel over loopback. Virtual time moves only while the work is pending: `stepMs` at a time,
// each step after a real pause of `realPauseMs` in which sockets are read and written. A timer due at t fires
// exactly when virtual time reaches t, however busy the machine is, and a wait of seconds takes a fraction of one.
import { setTimeout as realPause } from 'node:timers/promises';

export interface SteppedClockOptions {
	/** Virtual milliseconds per step (default 10). */
	stepMs?: number;
	/** Real milliseconds between steps (default 1), in which I/O makes progress. */
	realPauseMs?: number;
}

/**
 * Runs `work` on a virtual clock that starts at the current time, and restores the real timers afterwards.
 * Whatever `work` sets up with setTimeout, setInterval or Date (the node's `sleep`, a poll deadline, the emulator's
 * processing time) follows the virtual clock; I/O takes the real time it takes, which the clock counts as
 * `stepMs / realPauseMs` times as long.
 */
export async function withSteppedClock<T>(
	work: () => Promise<T>,
	{ stepMs = 10, realPauseMs = 1 }: SteppedClockOptions = {},
): Promise<T> {
	jest.useFakeTimers({
		doNotFake: [
			'nextTick',
			'setImmediate',
			'clearImmediate',
			'queueMicrotask',
			'hrtime',
			'performance',
		],
		now: Date.now(),
	});
	try {
		let settled = false;
		const running = work().finally(() => {
			settled = true;
		});
		running.catch(() => undefined); // rejected or not, `running` is awaited below
		while (!settled) {
			await realPause(realPauseMs);
			if (!settled) await jest.advanceTimersByTimeAsync(stepMs);
		}
		return await running;
	} finally {
		jest.useRealTimers();
	}
}
