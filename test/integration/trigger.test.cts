/**
 * The Gini Pay Trigger inside n8n-core (a real PollContext, n8n-core's PollTriggerExecutor, static
 * data persisted between polls as n8n does) against the emulator: each finished document is emitted
 * once, across polls and restarts; the first activation starts from now; "fetch test event" never
 * moves the position.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';
import { POSITION_KEY } from '../../nodes/GiniPay/trigger/poll';
import type { StoredStateV2 } from '../../nodes/GiniPay/trigger/storedState';
import { DEMO_CLIENTS } from '../emulator/index.cts';
import {
	pollTrigger,
	type MemoryCredentialsHelper,
	type PollTriggerResult,
} from '../harness/index.cts';
import { CREDENTIAL_TYPE, credentialTypes, resetTokenCache, type Mode, useGini } from './gini.cts';
import {
	CORRUPT,
	KOEHLER,
	MODES,
	MUELLER,
	SCHMIDT,
	expectedView,
	pagesItem,
	sampleItem,
	LIFECYCLE,
} from './lifecycleKit.cts';

const kit = useGini(LIFECYCLE);

let users = 0;
/** A derived user of its own per test, so that tests never see each other's documents. */
function freshUser(): string {
	users += 1;
	return `trigger-user-${users}`;
}

/** One trigger node of one workflow: static data and stored credentials outlive a poll, as in n8n. */
function triggerFor(mode: Mode, parameters: INodeParameters = {}, stored?: IDataObject) {
	const type = CREDENTIAL_TYPE[mode];
	const reference = { id: `${type}-1`, name: `${type} test` };
	let staticData: IDataObject | undefined = stored;
	let credentialsHelper: MemoryCredentialsHelper | undefined;
	const run = async (pollMode: 'trigger' | 'manual', extra: INodeParameters = {}) => {
		const result = await pollTrigger({
			nodeTypes: [new GiniPayTrigger()],
			credentialTypes,
			credentials: credentialsHelper ? [] : [{ type, ...reference, data: kit.credential(mode) }],
			credentialsHelper,
			node: {
				name: 'Gini Pay Trigger',
				type: 'n8n-nodes-gini-pay.giniPayTrigger',
				parameters: { authentication: mode, ...parameters, ...extra },
				credentials: { [type]: reference },
			},
			mode: pollMode,
			staticData,
		});
		credentialsHelper = result.credentialsHelper;
		staticData = result.staticData;
		return result;
	};
	return {
		/** A scheduled poll of the active workflow; fails the test if the poll failed. */
		poll: async (extra?: INodeParameters) => succeeded(await run('trigger', extra)),
		/** The editor's "fetch test event". */
		testEvent: async () => await run('manual'),
		/** n8n restarted: the static data comes back from the database, nothing else survives. */
		restart() {
			credentialsHelper = undefined;
			resetTokenCache();
		},
		get staticData(): IDataObject | undefined {
			return staticData;
		},
	};
}

function succeeded(result: PollTriggerResult): PollTriggerResult {
	if (result.error) throw result.error;
	return result;
}

function idsOf(result: PollTriggerResult): string[] {
	return result.items.map((item) => String(item.json.documentId));
}

/** n8n keeps a node's static data under `node:<node name>` in the workflow's static data. */
function positionOf(staticData: IDataObject | undefined): StoredStateV2 {
	const nodeData = staticData?.['node:Gini Pay Trigger'] as IDataObject | undefined;
	return nodeData?.[POSITION_KEY] as unknown as StoredStateV2;
}

function idsIn(entries: Array<[string, ...unknown[]]>): string[] {
	return entries.map(([id]) => id);
}

async function upload(user: string, files: string[], mode: Mode = 'basic'): Promise<string[]> {
	const parameters = mode === 'userCenter' ? {} : { userIdentifier: user };
	const documents = await kit.upload(mode, files, parameters);
	return documents.map((document) => String(document.id));
}

/** Waits (asserting nothing about time) until the emulator has processed these documents. */
async function settled(ids: string[]): Promise<void> {
	for (;;) {
		const documents = kit.documents().filter((document) => ids.includes(document.id));
		const done = documents.every((document) => document.progress !== 'PENDING');
		if (documents.length === ids.length && done) return;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Only Date is faked: sockets, timers and retries keep running on the real clock. */
function moveClockForward(ms: number): void {
	jest.useFakeTimers({
		now: Date.now() + ms,
		doNotFake: [
			'hrtime',
			'nextTick',
			'performance',
			'queueMicrotask',
			'requestAnimationFrame',
			'cancelAnimationFrame',
			'requestIdleCallback',
			'cancelIdleCallback',
			'setImmediate',
			'clearImmediate',
			'setInterval',
			'clearInterval',
			'setTimeout',
			'clearTimeout',
		],
	});
}

afterEach(() => jest.useRealTimers());

describe('position across polls', () => {
	it('emits each finished document exactly once across several polls and a restart', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		expect((await trigger.poll()).emitted).toBeNull();

		const first = await upload(user, [MUELLER, KOEHLER]);
		await settled(first);
		const second = await trigger.poll();
		expect(idsOf(second)).toEqual(first);
		expect((await trigger.poll()).emitted).toBeNull();

		const later = await upload(user, [SCHMIDT]);
		await settled(later);
		trigger.restart();
		expect(idsOf(await trigger.poll())).toEqual(later);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('starts from now on first activation: documents that existed before are not emitted', async () => {
		const user = freshUser();
		await settled(await upload(user, [MUELLER, KOEHLER]));
		const trigger = triggerFor('basic', { userIdentifier: user });
		expect((await trigger.poll()).emitted).toBeNull();

		const created = await upload(user, [SCHMIDT]);
		await settled(created);
		expect(idsOf(await trigger.poll())).toEqual(created);
	});

	it('emits the existing finished documents on first activation with Include Existing Documents', async () => {
		const user = freshUser();
		const existing = await upload(user, [MUELLER, KOEHLER]);
		await settled(existing);
		const trigger = triggerFor('basic', {
			userIdentifier: user,
			options: { includeExisting: true },
		});
		expect(idsOf(await trigger.poll())).toEqual(existing);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('emits a document that was still processing on a later poll, once it has finished', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		kit.setProcessingMs(60_000);
		const [id] = await upload(user, [MUELLER]);

		expect((await trigger.poll()).emitted).toBeNull();
		expect(idsIn(positionOf(trigger.staticData).pending)).toEqual([id]);

		moveClockForward(61_000);
		const finished = await trigger.poll();
		expect(idsOf(finished)).toEqual([id]);
		expect(finished.items[0].json).toMatchObject({
			...expectedView(MUELLER),
		});
		expect(positionOf(trigger.staticData).pending).toEqual([]);
		expect((await trigger.poll()).emitted).toBeNull();
	});

	it('forgets a document that was deleted while it was still processing', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		kit.setProcessingMs(60_000);
		const [id] = await upload(user, [MUELLER]);
		await trigger.poll();
		await kit.json('basic', {
			resource: 'document',
			operation: 'delete',
			documentId: id,
			userIdentifier: user,
		});

		expect((await trigger.poll()).emitted).toBeNull();
		expect(positionOf(trigger.staticData).pending).toEqual([]);
	});

	it('keeps the position a workflow stored before the update (version 1): nothing is emitted again', async () => {
		const user = freshUser();
		// Include Existing Documents: a position that was not read back would emit everything again.
		const parameters = { userIdentifier: user, options: { includeExisting: true } };
		const trigger = triggerFor('basic', parameters);
		const before = await upload(user, [MUELLER, KOEHLER]);
		await settled(before);
		expect(idsOf(await trigger.poll())).toEqual(before);

		// What version 1 of the trigger stored for the same position: ids as object keys.
		const current = positionOf(trigger.staticData);
		const v1 = {
			version: 1,
			account: current.account,
			floor: current.floor,
			known: Object.fromEntries(current.known),
			pending: Object.fromEntries(current.pending),
		};
		const upgraded = triggerFor('basic', parameters, {
			'node:Gini Pay Trigger': { [POSITION_KEY]: v1 },
		});
		expect((await upgraded.poll()).emitted).toBeNull();
		expect(positionOf(upgraded.staticData).version).toBe(2);

		const after = await upload(user, [SCHMIDT]);
		await settled(after);
		expect(idsOf(await upgraded.poll())).toEqual(after);
	});

	it('keeps neither secrets nor user names in the static data', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		await settled(await upload(user, [MUELLER]));
		expect((await trigger.poll()).items).toHaveLength(1);
		expect(positionOf(trigger.staticData).known).toHaveLength(1);
		const stored = JSON.stringify(trigger.staticData);
		expect(stored).not.toContain(DEMO_CLIENTS.derived.clientSecret);
		expect(stored).not.toContain(user);
	});
});

describe('fetch test event', () => {
	it('returns the newest finished document without moving the position', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		const created = await upload(user, [MUELLER, KOEHLER]);
		await settled(created);
		kit.setProcessingMs(60_000);
		await upload(user, [SCHMIDT]);
		const before = structuredClone(trigger.staticData);

		const sample = await trigger.testEvent();
		expect(sample.error).toBeUndefined();
		expect(idsOf(sample)).toEqual([created[1]]);
		expect(sample.items[0].json).toMatchObject(expectedView(KOEHLER));
		expect(trigger.staticData).toEqual(before);

		expect(idsOf(await trigger.poll())).toEqual(created);
	});

	it('fails with a hint when the user has no finished document yet', async () => {
		const trigger = triggerFor('basic', { userIdentifier: freshUser() });
		const sample = await trigger.testEvent();
		expect(sample.error?.message).toBe('No processed document yet');
		expect((sample.error as Error & { description?: string }).description).toContain(
			'Document > Upload',
		);
	});
});

describe('output', () => {
	it('emits a document Gini could not process with progress ERROR and no extractions', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		// A Gini that accepts an undecodable file and fails it later (the emulator's lenient fidelity).
		kit.setFidelity('lenient');
		const created = await upload(user, [CORRUPT]);
		await settled(created);
		const [item] = (await trigger.poll()).items;
		expect(item.json).toMatchObject({ documentId: created[0], fileName: CORRUPT, status: 'ERROR' });
		expect(item.json.note).toContain('could not read');
		expect(item.json).not.toHaveProperty('iban');
		expect(item.json).not.toHaveProperty('extractions');
	});

	it('adds the simplified payment view by default, the raw extractions without Simplify, none when asked', async () => {
		const user = freshUser();
		const variants: Array<[INodeParameters, (json: IDataObject) => void]> = [
			[
				{},
				(json) =>
					expect(json).toMatchObject({
						fileName: MUELLER,
						...expectedView(MUELLER),
					}),
			],
			[
				{ simplify: false },
				(json) => {
					expect((json.extractions as IDataObject).iban).toMatchObject({
						value: expectedView(MUELLER).iban,
					});
					expect(json).toHaveProperty('candidates');
					expect(json.document).toMatchObject({ name: MUELLER, progress: 'COMPLETED' });
					expect(json).toMatchObject({ status: 'COMPLETED', ...expectedView(MUELLER, false) });
				},
			],
			[
				{ includeExtractions: false },
				(json) => {
					expect(json).toEqual({
						documentId: expect.any(String),
						fileName: MUELLER,
						status: 'COMPLETED',
					});
					expect(json).not.toHaveProperty('iban');
					expect(json).not.toHaveProperty('extractions');
				},
			],
		];
		await settled(await upload(user, [MUELLER]));
		for (const [parameters, check] of variants) {
			const trigger = triggerFor('basic', {
				userIdentifier: user,
				options: { includeExisting: true },
				...parameters,
			});
			const { items } = await trigger.poll();
			expect(items).toHaveLength(1);
			check(items[0].json);
		}
	});

	it('gives the same flat item for one document from Upload (waiting), Get Extractions and the trigger', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		const [uploaded] = await kit.json(
			'basic',
			{ resource: 'document', operation: 'upload', userIdentifier: user },
			[await sampleItem(MUELLER)],
		);
		const [got] = await kit.json('basic', {
			resource: 'document',
			operation: 'getExtractions',
			documentId: String(uploaded.documentId),
			userIdentifier: user,
		});
		const [emitted] = (await trigger.poll()).items;
		expect(uploaded).toMatchObject({
			fileName: MUELLER,
			...expectedView(MUELLER),
		});
		expect(got).toEqual(uploaded);
		expect(emitted.json).toEqual(uploaded);
		// Same keys in the same order, so that the table view shows the same columns.
		expect(Object.keys(emitted.json)).toEqual(Object.keys(uploaded));
		expect(Object.keys(got)).toEqual(Object.keys(uploaded));
	});

	it('emits the composite of a multi-page upload, not its pages', async () => {
		const user = freshUser();
		const trigger = triggerFor('basic', { userIdentifier: user });
		await trigger.poll();
		const [composite] = await kit.json(
			'basic',
			{
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				pages: 'all',
				userIdentifier: user,
			},
			[
				await pagesItem([
					['page1', MUELLER],
					['page2', KOEHLER],
				]),
			],
		);
		const all = kit.documents().filter((document) => document.owner.endsWith(`:${user}`));
		expect(all).toHaveLength(3);
		await settled(all.map((document) => document.id));

		const { items } = await trigger.poll();
		expect(idsOf({ items } as PollTriggerResult)).toEqual([composite.documentId]);
		expect(items[0].json.fileName).toBe(MUELLER);
		expect((await trigger.poll()).emitted).toBeNull();
	});
});

describe.each<Mode>(MODES)('in %s mode', (mode) => {
	it('emits a newly processed document with its payment data', async () => {
		const user = freshUser();
		const trigger = triggerFor(mode, mode === 'userCenter' ? {} : { userIdentifier: user });
		expect((await trigger.poll()).emitted).toBeNull();
		const created = await upload(user, [KOEHLER], mode);
		await settled(created);
		const result = await trigger.poll();
		expect(idsOf(result)).toEqual(created);
		expect(result.items[0].json).toMatchObject({ ...expectedView(KOEHLER) });
	});
});
