/**
 * One rule for every answer to an upload (shared/createOutcome.ts), case by case, with a gateway before the emulator
 * that stores the upload at Gini and then answers something that proves nothing. The item must never fail "cleanly"
 * (no documentId, no candidateDocumentIds, no uploadMayExist) while Gini holds its file: a workflow would upload it
 * again, and the invoice could be paid twice.
 */
import { buildTextPdf } from '../fixtures/pdf.cts';
import { binaryItem } from '../harness/index.cts';
import { basicCredential, runGini, userCenterCredential, useGini } from './gini.cts';
import { startScriptedProxy, type ProxyScript } from './scriptedProxy.cts';

jest.setTimeout(60_000);

const USER = 'create-outcome-user';

const gini = useGini({ processingMs: 10 });

let counter = 0;
async function pdfItem(name: string) {
	const bytes = await buildTextPdf([[`# Rechnung ${name}`, `Nummer\t${++counter}`]]);
	return await binaryItem(bytes, name, 'application/pdf');
}

function documentsNamed(name: string) {
	return gini.documents().filter((document) => document.name === name);
}

/** Uploads one file named `name` through a gateway that runs `script`, with Continue On Fail. */
async function uploadThrough(name: string, script: ProxyScript, requestOptions = {}) {
	const proxy = await startScriptedProxy(gini, script);
	try {
		const result = await runGini({
			mode: 'basic',
			credential: basicCredential(gini, { userIdentifier: USER, payApiUrl: proxy.url }),
			parameters: {
				resource: 'document',
				operation: 'upload',
				waitForExtractions: false,
				binaryPropertyName: 'data',
				requestOptions: { maxRetries: 2, ...requestOptions },
			},
			items: [await pdfItem(name)],
			continueOnFail: true,
		});
		return result.output('Gini Pay')[0].json;
	} finally {
		await proxy.close();
	}
}

/** The first POST /documents is stored at Gini, then answered with `answer(forwarded)`; the rest pass. */
function storeThenAnswer(
	answer: (forwarded: Awaited<ReturnType<Parameters<ProxyScript>[1]>>) => {
		status: number;
		headers: Record<string, string>;
		body: string;
	},
): ProxyScript {
	let first = true;
	return async (request, forward) => {
		const forwarded = await forward();
		if (request.method !== 'POST' || !first) return forwarded;
		first = false;
		return answer(forwarded);
	};
}

describe.each([500, 502, 504])('Gini stores the upload, then the answer is %i', (status) => {
	it('the item names the stored document instead of failing as if nothing happened', async () => {
		const name = `stored-then-${status}.pdf`;
		const json = await uploadThrough(
			name,
			storeThenAnswer(() => ({
				status,
				headers: { 'content-type': 'text/html' },
				body: '<html>Bad Gateway</html>',
			})),
		);
		const stored = documentsNamed(name);
		expect(stored).toHaveLength(1);
		expect(json).toMatchObject({ candidateDocumentIds: [stored[0].id] });
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(1);
	});
});

describe('a 201 whose body names the document but which has no Location', () => {
	it('is the item’s document', async () => {
		const name = 'no-location-body-id.pdf';
		const json = await uploadThrough(
			name,
			storeThenAnswer((forwarded) => {
				const headers = { ...forwarded.headers };
				delete headers.location;
				return { ...forwarded, headers };
			}),
		);
		const stored = documentsNamed(name);
		expect(stored).toHaveLength(1);
		expect(json).toMatchObject({ documentId: stored[0].id, fileName: name });
		expect(json.error).toBeUndefined();
		expect(gini.counters().requests.byRoute['POST /documents']).toBe(1);
	});
});

describe('a 201 whose Location is not a document URL, with an empty body', () => {
	it('the item names the stored document instead of failing without it', async () => {
		const name = 'odd-location.pdf';
		const json = await uploadThrough(
			name,
			storeThenAnswer((forwarded) => ({
				status: 201,
				headers: { ...forwarded.headers, location: 'https://gateway.example/welcome' },
				body: '',
			})),
		);
		const stored = documentsNamed(name);
		expect(stored).toHaveLength(1);
		expect(json).toMatchObject({ candidateDocumentIds: [stored[0].id] });
	});
});

/**
 * The first attempt's answer is lost and Gini stores it only later (a slow commit), after the node's two looks found
 * nothing; `later` says what the attempts sent again get.
 */
function slowCommit(later: 'pass' | 503): { script: ProxyScript; committed: () => Promise<void> } {
	let first = true;
	let commit: Promise<unknown> = Promise.resolve();
	return {
		committed: async () => {
			await commit;
		},
		script: async (request, forward) => {
			if (request.method !== 'POST') return await forward();
			if (first) {
				first = false;
				commit = new Promise((resolve) => setTimeout(resolve, 3_000)).then(forward);
				return 'reset';
			}
			if (later === 503)
				return { status: 503, headers: { 'retry-after': '0' }, body: '{"message":"unavailable"}' };
			return await forward();
		},
	};
}

describe('an answer lost, two looks that find nothing, then Gini stores the first attempt late', () => {
	it('when every attempt sent again gets 503, the item says Gini may hold the file (not a plain 503)', async () => {
		const name = 'lost-then-503.pdf';
		const { script, committed } = slowCommit(503);
		const json = await uploadThrough(name, script);
		await committed();
		expect(documentsNamed(name)).toHaveLength(1);
		expect(json).toMatchObject({
			error: expect.stringContaining(`"${name}"`),
			uploadMayExist: true,
			httpCode: '503',
		});
		expect(json.documentId).toBeUndefined();
	});

	it('when an attempt sent again succeeds, the item has its document and says an earlier copy may exist', async () => {
		const name = 'lost-then-resent.pdf';
		const { script, committed } = slowCommit('pass');
		const json = await uploadThrough(name, script);
		await committed();
		const stored = documentsNamed(name);
		expect(stored).toHaveLength(2);
		expect(stored.map((document) => document.id)).toContain(json.documentId);
		expect(json).toMatchObject({
			uploadMayExist: true,
			uploadWarning: expect.stringContaining(`"${name}"`),
		});
		expect(json.error).toBeUndefined();
	});
});

describe('an answer Gini documents as "nothing was done"', () => {
	it.each([400, 413, 415])(
		'%i fails the item plainly, without a lookup or a flag',
		async (status) => {
			const name = `refused-${status}.pdf`;
			const json = await uploadThrough(name, async (request, forward) => {
				if (request.method === 'POST') return { status, headers: {}, body: '{"message":"no"}' };
				return await forward();
			});
			expect(json).toMatchObject({ httpCode: String(status) });
			expect(json.uploadMayExist).toBeUndefined();
			expect(json.candidateDocumentIds).toBeUndefined();
			expect(gini.counters().requests.byRoute['GET /documents'] ?? 0).toBe(0);
		},
	);
});

describe('a multi-page upload whose second page Gini refuses', () => {
	it('names the first page, which Gini holds as a partial document', async () => {
		const proxy = await startScriptedProxy(gini, async (request, forward) => {
			const page = request.url.searchParams.get('filename');
			if (request.method === 'POST' && page === 'page-2.pdf')
				return { status: 400, headers: {}, body: '{"message":"bad quality"}' };
			return await forward();
		});
		try {
			const page1 = await pdfItem('page-1.pdf');
			const page2 = await pdfItem('page-2.pdf');
			const result = await runGini({
				mode: 'basic',
				credential: basicCredential(gini, { userIdentifier: USER, payApiUrl: proxy.url }),
				parameters: {
					resource: 'document',
					operation: 'upload',
					pages: 'listed',
					binaryPropertyNames: 'page1, page2',
					waitForExtractions: false,
				},
				items: [{ json: {}, binary: { page1: page1.binary!.data, page2: page2.binary!.data } }],
				continueOnFail: true,
			});
			const [out] = result.output('Gini Pay');
			const partials = documentsNamed('page-1.pdf');
			expect(partials).toHaveLength(1);
			expect(out.json).toMatchObject({
				httpCode: '400',
				documentIds: [partials[0].id],
				description: expect.stringContaining(partials[0].id),
			});
		} finally {
			await proxy.close();
		}
	});
});

describe('creating a user whose answer is lost after the User Center stored it', () => {
	async function createThrough(email: string, script: ProxyScript) {
		const proxy = await startScriptedProxy(gini, script, 'userCenter');
		try {
			const result = await runGini({
				mode: 'userCenter',
				credential: userCenterCredential(gini, { userCenterUrl: proxy.url }),
				parameters: { resource: 'user', operation: 'create', email, password: 'geheim-123' },
				continueOnFail: true,
			});
			return result.output('Gini Pay')[0].json;
		} finally {
			await proxy.close();
		}
	}

	it.each<[string, 'reset' | 502]>([
		['a reset', 'reset'],
		['a 502', 502],
	])(
		'after %s, the duplicate refusal of the attempt sent again says the user may exist',
		async (_, fault) => {
			const email = `lost-${fault}@app.example.org`;
			let first = true;
			const json = await createThrough(email, async (request, forward) => {
				if (request.method !== 'POST' || !request.url.pathname.endsWith('/api/users'))
					return await forward();
				const forwarded = await forward();
				if (!first) return forwarded;
				first = false;
				return fault === 'reset'
					? 'reset'
					: { status: 502, headers: { 'content-type': 'text/plain' }, body: 'Bad Gateway' };
			});
			expect(json).toMatchObject({
				error: expect.stringContaining(`"${email}" was lost, and the user may exist`),
				userMayExist: true,
			});
			expect(JSON.stringify(json)).not.toContain('geheim-123');
		},
	);

	it('after a 502 before the User Center stored it, the attempt sent again creates the user', async () => {
		const email = 'lost-before@app.example.org';
		let first = true;
		const json = await createThrough(email, async (request, forward) => {
			if (request.method === 'POST' && request.url.pathname.endsWith('/api/users') && first) {
				first = false;
				return { status: 502, headers: { 'content-type': 'text/plain' }, body: 'Bad Gateway' };
			}
			return await forward();
		});
		expect(json).toMatchObject({ email, id: expect.any(String) });
		expect(json.error).toBeUndefined();
	});
});
