/**
 * The exactly-once property of uploads, and the fault matrix that checks it (faultMatrix.test.cts runs a short
 * matrix in `npm test`, faultMatrix.soak.test.cts the whole one).
 *
 * The property: each input invoice ends in exactly one of
 *   - its own document in the output (a success naming a document that holds its bytes);
 *   - an error item naming `documentId`, `documentIds`, `candidateDocumentIds` or saying `uploadMayExist`;
 *   - an error item that proves nothing was stored: Gini holds no document with its bytes;
 *   - "skipped: uploaded before" (Skip Files Uploaded Before);
 * and Gini holds no document of the run's that nothing in the output accounts for.
 *
 * The matrix: a gateway before the emulator (scriptedProxy.cts) answers each upload's first attempt in one way of
 * each create-answer class (shared/createOutcome.ts): every status family (2xx, 3xx, 4xx, 5xx), the 201 variants, a reset before and
 * after Gini stored the file, a timeout before and after, and a slow commit that Gini finishes after the node's
 * looks. Later attempts pass, or get 503 where the class says so. Each class runs with one file, with five files of
 * one name at concurrency 5, and with a second process uploading that name meanwhile.
 */
import { createHash } from 'node:crypto';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DEMO_CLIENTS, type Emulator, type StoredDocumentInfo } from '../emulator/index.cts';
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini } from './gini.cts';
import { startScriptedProxy, type Forwarded, type ProxyScript } from './scriptedProxy.cts';

/** The node's Request Timeout in the matrix, and how long a "timeout" class keeps the node waiting. */
const TIMEOUT_S = 1;
const HANG_MS = 1_800;
/** A slow commit lands after the node's two looks, a second apart, have found nothing. */
const SLOW_COMMIT_MS = 3_000;

type Outcome = Forwarded | 'reset';

interface AnswerClass {
	/** What the first attempt of an upload gets, given a way to store it at Gini (`forward`). */
	first: (
		forward: () => Promise<Forwarded>,
		later: (commit: Promise<unknown>) => void,
	) => Promise<Outcome>;
	/** What the attempts after the first get: passed on to Gini (default), or refused with 503. */
	then?: 'pass' | 503;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const status = (code: number, body = '', headers: Record<string, string> = {}): Forwarded => ({
	status: code,
	headers: { 'content-type': 'text/plain', ...headers },
	body,
});
const without = (headers: Record<string, string>, name: string) =>
	Object.fromEntries(Object.entries(headers).filter(([key]) => key.toLowerCase() !== name));

/** Every create-answer class, by name. */
export const ANSWER_CLASSES: Record<string, AnswerClass> = {
	'reset before Gini stores': { first: async () => 'reset' },
	'reset after Gini stored': {
		first: async (forward) => {
			await forward();
			return 'reset';
		},
	},
	'500 before': { first: async () => status(500, 'Internal Server Error') },
	'500 after Gini stored': {
		first: async (forward) => {
			await forward();
			return status(500, '{"message":"oops"}');
		},
	},
	'502 before': { first: async () => status(502, '<html>Bad Gateway</html>') },
	'502 after Gini stored': {
		first: async (forward) => {
			await forward();
			return status(502, '<html>Bad Gateway</html>');
		},
	},
	'504 after Gini stored': {
		first: async (forward) => {
			await forward();
			return status(504, '<html>Gateway Timeout</html>');
		},
	},
	'303 redirect after Gini stored': {
		first: async (forward) => {
			await forward();
			return status(303, '', { location: 'https://gateway.example/login' });
		},
	},
	'409 after Gini stored': {
		first: async (forward) => {
			await forward();
			return status(409, '{"message":"conflict"}');
		},
	},
	'503 (documented: not stored)': {
		first: async () => status(503, '{"message":"unavailable"}', { 'retry-after': '0' }),
	},
	'429 (not stored)': {
		first: async () => status(429, '{"message":"slow down"}', { 'retry-after': '0' }),
	},
	'400 (refused, never stored)': {
		first: async () => status(400, '{"message":"bad quality"}'),
		then: 503,
	},
	'201 without Location, the body names it': {
		first: async (forward) => {
			const answer = await forward();
			return { ...answer, headers: without(answer.headers, 'location') };
		},
	},
	'201 without Location or body': {
		first: async (forward) => {
			const answer = await forward();
			return { status: 201, headers: without(answer.headers, 'location'), body: '' };
		},
	},
	'201 whose Location is no document': {
		first: async (forward) => {
			const answer = await forward();
			return {
				status: 201,
				headers: { ...without(answer.headers, 'location'), location: 'https://gateway.example/ok' },
				body: '',
			};
		},
	},
	'200 naming the document': {
		first: async (forward) => ({ ...(await forward()), status: 200 }),
	},
	'timeout before Gini stores': {
		first: async () => {
			await pause(HANG_MS);
			return 'reset';
		},
	},
	'timeout after Gini stored': {
		first: async (forward) => {
			await forward();
			await pause(HANG_MS);
			return 'reset';
		},
	},
	'slow commit after the looks': {
		first: async (forward, later) => {
			later(pause(SLOW_COMMIT_MS).then(forward));
			return 'reset';
		},
	},
	'slow commit after the looks, then 503': {
		first: async (forward, later) => {
			later(pause(SLOW_COMMIT_MS).then(forward));
			return 'reset';
		},
		then: 503,
	},
};

export type Scenario = 'one file' | 'five of one name' | 'five of one name, a second process';
export const SCENARIOS: Scenario[] = [
	'one file',
	'five of one name',
	'five of one name, a second process',
];

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

let runs = 0;

export interface MatrixRun {
	out: INodeExecutionData[];
	created: StoredDocumentInfo[];
	shaOf: string[];
	others: Set<string>;
}

/** Runs one cell of the matrix: the class's gateway before `gini`, the scenario's files, Continue On Fail. */
export async function runCell(
	gini: Emulator,
	className: string,
	scenario: Scenario,
): Promise<MatrixRun> {
	const answerClass = ANSWER_CLASSES[className];
	const run = ++runs;
	const count = scenario === 'one file' ? 1 : 5;
	const name = scenario === 'one file' ? `matrix-${run}.pdf` : `Rechnung-${run}.pdf`;
	const files = await Promise.all(
		Array.from(
			{ length: count },
			async (_, n) =>
				await buildTextPdf([
					[`# Rechnung ${run}-${n}`, `Rechnungsnummer\t${run}-${n}`, 'Betrag\t12,34 EUR'],
				]),
		),
	);
	const shaOf = files.map((bytes) => sha256(bytes));
	const items = await Promise.all(files.map((bytes) => binaryItem(bytes, name, 'application/pdf')));

	const seen = new Set<string>();
	const commits: Promise<unknown>[] = [];
	const script: ProxyScript = async (request, forward) => {
		if (request.method !== 'POST' || !request.url.pathname.endsWith('/documents'))
			return await forward();
		const key = sha256(request.body);
		if (!seen.has(key)) {
			seen.add(key);
			return await answerClass.first(forward, (commit) => commits.push(commit));
		}
		if (answerClass.then === 503)
			return status(503, '{"message":"unavailable"}', { 'retry-after': '0' });
		return await forward();
	};
	const proxy = await startScriptedProxy(gini, script);
	const before = new Set(gini.documents().map((document) => document.id));
	const others = new Set<string>();
	let running = scenario === 'five of one name, a second process';
	const secondProcess = (async () => {
		for (let n = 0; running && n < 50; n++) {
			const bytes = await buildTextPdf([[`# Rechnung eines anderen Prozesses ${run}-${n}`]]);
			others.add(sha256(bytes));
			await uploadAsAnotherProcess(gini, name, bytes).catch(() => undefined);
			await pause(100);
		}
	})();
	try {
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: 'matrix-user', payApiUrl: proxy.url }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				waitForExtractions: false,
				requestOptions: { concurrency: 5, maxRetries: 2, requestTimeout: TIMEOUT_S },
			},
			items,
			continueOnFail: true,
		});
		running = false;
		await secondProcess;
		await Promise.all(commits);
		const out = result.output('Gini Pay');
		const created = gini.documents().filter((document) => !before.has(document.id));
		return { out, created, shaOf, others };
	} finally {
		running = false;
		await proxy.close();
	}
}

async function uploadAsAnotherProcess(gini: Emulator, name: string, bytes: Buffer): Promise<void> {
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	await fetch(`${gini.payApiUrl}/documents?filename=${encodeURIComponent(name)}`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'x-user-identifier': 'matrix-user',
			'content-type': 'application/pdf',
			accept: 'application/vnd.gini.v1+json',
		},
		body: new Uint8Array(bytes),
	});
}

type Ending = 'own document' | 'flagged error' | 'plain error, nothing stored' | 'skipped';

/**
 * What each input ended as; throws (through jest's expect) when an item ends in none of the allowed ways, when a
 * success names a document that is not its own, or when Gini holds a document nothing in the output accounts for.
 */
export function expectExactlyOnce({ out, created, shaOf, others }: MatrixRun): Ending[] {
	expect(out).toHaveLength(shaOf.length);
	const mine = created.filter((document) => !others.has(document.sha256));
	const byId = new Map(created.map((document) => [document.id, document]));
	const problems: IDataObject[] = [];
	const endings = out.map((item, index): Ending => {
		const json = item.json;
		if (json.skipped === 'uploadedBefore') return 'skipped';
		if (json.error === undefined) {
			const own = byId.get(String(json.documentId));
			if (own?.sha256 !== shaOf[index]) problems.push({ index, notItsOwn: json });
			return 'own document';
		}
		const named =
			typeof json.documentId === 'string' ||
			(Array.isArray(json.documentIds) && json.documentIds.length > 0) ||
			(Array.isArray(json.candidateDocumentIds) && json.candidateDocumentIds.length > 0) ||
			json.uploadMayExist === true;
		if (named) return 'flagged error';
		if (mine.some((document) => document.sha256 === shaOf[index]))
			problems.push({ index, plainErrorButStored: json });
		return 'plain error, nothing stored';
	});
	const claimed = out.map((item) => item.json.documentId).filter((id) => typeof id === 'string');
	if (new Set(claimed).size !== claimed.length) problems.push({ claimedTwice: claimed });
	for (const document of mine) {
		const accounted = out.some((item, index) => {
			const json = item.json;
			const names = (list: unknown) => Array.isArray(list) && list.includes(document.id);
			return (
				(json.documentId === document.id && shaOf[index] === document.sha256) ||
				names(json.documentIds) ||
				names(json.candidateDocumentIds) ||
				(json.uploadMayExist === true && shaOf[index] === document.sha256)
			);
		});
		if (!accounted)
			problems.push({ unaccounted: document.id, outputs: out.map((item) => item.json) });
	}
	expect(problems).toEqual([]);
	return endings;
}
