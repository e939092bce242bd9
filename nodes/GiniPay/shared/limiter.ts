/**
 * A cap on the requests in flight at once, shared by everything of one node run that talks to Gini (the uploads and
 * the waiter, shared/waiter.ts). Tasks past the cap queue in arrival order. Pure: no timers, no n8n imports.
 */
export class Limiter {
	private running = 0;
	private highest = 0;
	private readonly queue: Array<() => void> = [];
	/** Tasks that go before the queue (the uploads: see `run`). */
	private readonly firstQueue: Array<() => void> = [];

	constructor(readonly max: number) {
		if (!Number.isInteger(max) || max < 1)
			throw new RangeError('The cap must be a whole number ≥ 1');
	}

	/** Tasks running now. */
	get inFlight(): number {
		return this.running;
	}

	/** The most tasks that ran at once so far. */
	get peak(): number {
		return this.highest;
	}

	/** Tasks waiting for a slot. */
	get queued(): number {
		return this.queue.length + this.firstQueue.length;
	}

	/**
	 * Runs `task` once a slot is free, and frees the slot when it settles. A task `first` waits ahead of the others:
	 * the uploads of a batch go before the reads of documents already uploaded, so the last upload, and with it the
	 * batch, is not held up by the reads, which are as many and can wait.
	 */
	async run<T>(task: () => Promise<T>, first = false): Promise<T> {
		if (this.running >= this.max) {
			await new Promise<void>((resolve) => (first ? this.firstQueue : this.queue).push(resolve));
		} else {
			this.running++;
		}
		this.highest = Math.max(this.highest, this.running);
		try {
			return await task();
		} finally {
			const next = this.firstQueue.shift() ?? this.queue.shift();
			// The slot passes straight to the next task, so `running` never exceeds `max`.
			if (next) next();
			else this.running--;
		}
	}
}
