// The batch example's "each file once" relies on the order n8n runs the branches of one output in (execution order
// v1): n8n-core's WorkflowExecute sorts the destinations of an output by canvas position and puts them on its
// execution stack so that the top-most runs first (then the left-most). A node moved on the canvas changes that
// order; these checks keep the claim before the upload and the bookkeeping before the next batch.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface ExampleNode {
	name: string;
	type: string;
	position: [number, number];
	parameters: Record<string, unknown>;
}
interface Example {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings: { executionOrder?: string };
}

const example = JSON.parse(
	readFileSync(
		path.join(__dirname, '..', '..', 'examples', '02-scheduled-batch-upload.json'),
		'utf8',
	),
) as Example;
const node = (name: string) => {
	const found = example.nodes.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no node ${name}`);
	return found;
};

/** The order in which n8n v1 runs the destinations of one output: top first, then left first. */
function runOrder(source: string, output: number): string[] {
	const destinations = example.connections[source].main[output].map((connection) =>
		node(connection.node),
	);
	return [...destinations]
		.sort((a, b) => a.position[1] - b.position[1] || a.position[0] - b.position[0])
		.map((destination) => destination.name);
}

describe('examples/02-scheduled-batch-upload.json', () => {
	it('runs in execution order v1', () => {
		expect(example.settings.executionOrder).toBe('v1');
	});

	it('claims a batch in the data table before it is sent to Gini', () => {
		expect(runOrder('Five at a time', 1)).toEqual(['Claim before upload', 'Gini Pay upload']);
	});

	it('records what Gini took before the next batch starts', () => {
		expect(runOrder('Gini Pay upload', 0)).toEqual(['Reached Gini?', 'Five at a time']);
	});

	it('confirms what Gini took and forgets what it refused', () => {
		expect(
			example.connections['Reached Gini?'].main.map((output) => output.map((c) => c.node)),
		).toEqual([['Remember upload'], ['Forget claim (try again next run)']]);
	});

	it('keeps every row in one data table, keyed by the file content hash', () => {
		const tables = example.nodes.filter(
			(candidate) => candidate.type === 'n8n-nodes-base.dataTable',
		);
		expect(tables.map((table) => table.name).sort()).toEqual(
			[
				'Claim before upload',
				'Forget claim (try again next run)',
				'Not uploaded yet',
				'Remember upload',
				'Unconfirmed uploads',
				'Uploads table',
			].sort(),
		);
		for (const table of tables) {
			if (table.parameters.resource === 'table')
				expect(table.parameters.tableName).toBe('gini_pay_uploads');
			else
				expect(table.parameters.dataTableId).toEqual({
					__rl: true,
					mode: 'name',
					value: 'gini_pay_uploads',
				});
		}
		expect(node('Fingerprint').parameters).toMatchObject({
			action: 'hash',
			type: 'SHA256',
			binaryData: true,
		});
		expect(JSON.stringify(node('Not uploaded yet').parameters.filters)).toContain(
			'"keyName":"sha256"',
		);
	});
});
