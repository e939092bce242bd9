import {
	UploadRegistry,
	creationWindow,
	giniClockOffset,
	lostUploadCandidates,
} from '../../nodes/GiniPay/shared/lostUploads';

describe('giniClockOffset', () => {
	const date = 'Mon, 30 Nov 2026 08:00:00 GMT';
	const gini = Date.parse(date);

	it('brackets Gini’s clock between the Date second and the round trip', () => {
		// Sent at local 1000, answered at local 1200; Gini stamped [gini, gini + 1000).
		expect(giniClockOffset(date, 1000, 1200)).toEqual({
			lowMs: gini - 1200,
			highMs: gini + 1000 - 1000,
		});
	});

	it('sees a Gini clock 60 s ahead as such', () => {
		const local = gini - 60_000;
		const offset = giniClockOffset(date, local, local + 10);
		expect(offset.lowMs).toBeGreaterThanOrEqual(59_990);
		expect(offset.highMs).toBeLessThanOrEqual(61_000);
	});

	it.each([undefined, '', 'not a date'])(
		'falls back to five minutes either way without a usable Date (%p)',
		(header) => {
			expect(giniClockOffset(header, 0, 0)).toEqual({ lowMs: -300_000, highMs: 300_000 });
		},
	);
});

describe('creationWindow', () => {
	it('moves the attempt’s start and the lookup’s time to Gini’s clock, with slack', () => {
		expect(creationWindow(10_000, 12_000, { lowMs: 60_000, highMs: 61_000 })).toEqual({
			from: 10_000 + 60_000 - 500,
			to: 12_000 + 61_000 + 500,
		});
	});
});

describe('lostUploadCandidates', () => {
	const window = { from: 1000, to: 2000 };
	const none = () => false;

	it('keeps documents of that name created inside the window', () => {
		const documents = [
			{ id: 'a', name: 'Rechnung.pdf', creationDate: 1500 },
			{ id: 'b', name: 'Rechnung.pdf', creationDate: 999 },
			{ id: 'c', name: 'Rechnung.pdf', creationDate: 2001 },
			{ id: 'd', name: 'Other.pdf', creationDate: 1500 },
			{ id: 'e', name: 'Rechnung.pdf', creationDate: 1000 },
			{ id: 'f', name: 'Rechnung.pdf', creationDate: 2000 },
		];
		expect(lostUploadCandidates(documents, 'Rechnung.pdf', window, none).map((d) => d.id)).toEqual([
			'a',
			'e',
			'f',
		]);
	});

	it('leaves out documents known to be other uploads’ answers', () => {
		const documents = [
			{ id: 'a', name: 'x', creationDate: 1500 },
			{ id: 'b', name: 'x', creationDate: 1600 },
		];
		expect(
			lostUploadCandidates(documents, 'x', window, (id) => id === 'a').map((d) => d.id),
		).toEqual(['b']);
	});

	it('counts a document whose creation date is not a number, since it may be anything', () => {
		const documents = [
			{ id: 'a', name: 'x', creationDate: 'yesterday' },
			{ id: 'b', name: 'x' },
		];
		expect(lostUploadCandidates(documents, 'x', window, none).map((d) => d.id)).toEqual(['a', 'b']);
	});

	it('ignores entries without a string id', () => {
		expect(
			lostUploadCandidates([{ id: 7, name: 'x', creationDate: 1500 }], 'x', window, none),
		).toEqual([]);
	});
});

describe('UploadRegistry', () => {
	it('counts the other uploads of a scope that are still sending', () => {
		const registry = new UploadRegistry();
		const a = registry.begin('s');
		const b = registry.begin('s');
		const other = registry.begin('t');
		expect(a.othersSending()).toBe(1);
		b.stopSending();
		expect(a.othersSending()).toBe(0);
		b.sendAgain();
		expect(a.othersSending()).toBe(1);
		a.stopSending();
		a.stopSending();
		expect(b.othersSending()).toBe(0);
		expect(other.othersSending()).toBe(0);
	});

	it('an upload sent again after its scope emptied is seen by a newer one', () => {
		const registry = new UploadRegistry();
		const a = registry.begin('s');
		a.stopSending();
		const b = registry.begin('s');
		a.sendAgain();
		expect(b.othersSending()).toBe(1);
	});

	it('remembers the documents Gini named, forgetting the oldest beyond its bound', () => {
		const registry = new UploadRegistry(2);
		registry.know('a');
		registry.know('b');
		registry.know('a');
		registry.know('c');
		expect(registry.isKnown('a')).toBe(true);
		expect(registry.isKnown('b')).toBe(false);
		expect(registry.isKnown('c')).toBe(true);
	});
});
