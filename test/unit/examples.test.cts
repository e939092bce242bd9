// What makes every example workflow safe to import: it arrives switched off, with nothing pinned, no secret in the
// file (credentials only named, by ID and name), each node and connection sound, and, where it uploads to Gini,
// acting for the credential's default user and never uploading the same file twice.
import { EXAMPLE_FILES, loadExample } from './exampleKit.cts';

const examples = Object.values(EXAMPLE_FILES).map((file) => ({ file, example: loadExample(file) }));

describe.each(examples)('examples/$file', ({ example }) => {
	it('imports switched off, without pinned data, in execution order v1', () => {
		const raw = example as unknown as { active?: boolean; pinData?: object };
		expect(raw.active).toBe(false);
		expect(Object.keys(raw.pinData ?? {})).toEqual([]);
		expect(example.settings.executionOrder).toBe('v1');
	});

	it('names its credentials by ID and name only, and holds no secret', () => {
		for (const node of example.nodes)
			for (const credential of Object.values(node.credentials ?? {}))
				expect(Object.keys(credential).sort()).toEqual(['id', 'name']);
		expect(JSON.stringify(example)).not.toMatch(
			/BEGIN [A-Z ]*KEY|"(clientSecret|password|privateKey|secret|accessToken)"\s*:/,
		);
	});

	it('has unique node names and IDs, and connects only nodes it has', () => {
		const names = example.nodes.map((node) => node.name);
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(example.nodes.map((node) => node.id)).size).toBe(names.length);
		for (const [source, { main }] of Object.entries(example.connections)) {
			expect(names).toContain(source);
			for (const output of main)
				for (const connection of output) expect(names).toContain(connection.node);
		}
	});

	it("uploads for the credential's default user and skips files it uploaded before", () => {
		const uploads = example.nodes.filter(
			(node) =>
				node.type === 'n8n-nodes-gini-pay.giniPay' &&
				node.parameters.resource === 'document' &&
				node.parameters.operation === 'upload',
		);
		for (const upload of uploads) {
			expect(upload.parameters.userIdentifier ?? '').toBe('');
			expect(upload.parameters.options).toMatchObject({ skipUploadedBefore: true });
		}
	});
});
