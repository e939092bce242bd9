/**
 * The flat payment item in a real n8n: Get Extractions (`n8n execute`) outputs the same shape as an upload and the
 * Trigger (nodes/GiniPay/shared/paymentItem.ts): the ten simplified fields, `iban`, `amount`, `currency`,
 * `recipient`, `payable` and `note` first, which is what the table view shows first. The upload path is checked by the batch example, the Trigger in queue
 * mode; both use `expectFlatPaymentItem`.
 */
import { readFileSync } from 'node:fs';

import { SIMPLIFIED_FIELDS } from '../../nodes/GiniPay/shared/paymentItem';
import { DEMO_CLIENTS, type Emulator } from '../../test/emulator/index.cts';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_TYPES,
	fixturePath,
	manualWorkflow,
	processableInvoices,
	type WorkflowJson,
} from './fixtures.cts';
import { nodeOutput } from './n8n.cts';
import type { Report } from './report.cts';
import type { Context } from './scenarios.cts';

const WORKFLOW_ID = 'GiniE2eGetExtractions';
const NODE = 'Gini Pay Get Extractions';
const USER = 'e2e-flat-shape-user';

/** The fields every payment item starts with, in this order (the table view's first columns). */
export const FLAT_HEAD = SIMPLIFIED_FIELDS.slice(0, 6);

/** Checks one item of any of the three paths against the flat shape and the sample's IBAN. */
export function expectFlatPaymentItem(
	report: Report,
	path: string,
	json: Record<string, unknown> | undefined,
	iban: string | undefined,
): void {
	const keys = Object.keys(json ?? {});
	report.check(
		`${path}: a flat payment item (${FLAT_HEAD.join(', ')} first), IBAN ${iban ?? '?'}`,
		FLAT_HEAD.every((key, index) => keys[index] === key) &&
			json?.iban === iban &&
			typeof json?.amount === 'number' &&
			json?.document === undefined &&
			json?.extractions === undefined,
		keys.slice(0, 8).join(', '),
	);
}

function getExtractionsWorkflow(documentId: string): WorkflowJson {
	return manualWorkflow(WORKFLOW_ID, 'Gini Pay Get Extractions (e2e)', {
		name: NODE,
		type: 'n8n-nodes-gini-pay.giniPay',
		typeVersion: 1,
		parameters: {
			authentication: 'basic',
			resource: 'document',
			operation: 'getExtractions',
			documentId,
			userIdentifier: USER,
		},
		credentials: {
			[CREDENTIAL_TYPES.basic]: { id: CREDENTIAL_IDS.basic, name: 'Gini Pay (client credentials)' },
		},
	});
}

export interface FlatShapeScenario {
	workflows: WorkflowJson[];
	run(context: Context): Promise<void>;
}

/** Uploads a sample invoice straight to the emulator (as an app would) and prepares the workflow that reads it. */
export async function prepareFlatShapeScenario(
	emulator: Emulator,
	repoRoot: string,
): Promise<FlatShapeScenario> {
	const sample = processableInvoices()[0];
	const { clientId, clientSecret } = DEMO_CLIENTS.derived;
	const response = await fetch(`${emulator.payApiUrl}/documents?filename=${sample.file}`, {
		method: 'POST',
		headers: {
			Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'X-User-Identifier': USER,
			'Content-Type': 'application/pdf',
			Accept: 'application/vnd.gini.v1+json',
		},
		body: readFileSync(fixturePath(repoRoot, sample.file)),
	});
	if (response.status !== 201)
		throw new Error(`upload for Get Extractions: HTTP ${response.status}`);
	const documentId = String(response.headers.get('location')).split('/').pop();
	return {
		workflows: [getExtractionsWorkflow(String(documentId))],
		async run(context: Context): Promise<void> {
			const run = await context.n8n.execute(WORKFLOW_ID);
			context.report.equal('Get Extractions execution status', run.status, 'success');
			const [item] = nodeOutput(run, NODE);
			expectFlatPaymentItem(context.report, 'Get Extractions', item?.json, sample.expected.iban);
			context.report.equal('Get Extractions names the document', item?.json.documentId, documentId);
		},
	};
}
