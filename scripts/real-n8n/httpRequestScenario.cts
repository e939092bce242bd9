/**
 * n8n's own HTTP Request node with a Gini credential ("Predefined Credential Type"), as a user builds a call the
 * Gini Pay node has no operation for: the credential authenticates requests to its Pay API base URL, and refuses
 * to send its secret to any other host (nodes/GiniPay/transport/authenticate.ts).
 */
import type { Emulator } from '../../test/emulator/index.cts';
import { startLoopbackServer, type LoopbackServer } from '../../test/harness/loopback-server.cts';
import {
	CREDENTIAL_IDS,
	CREDENTIAL_TYPES,
	manualWorkflow,
	type WorkflowJson,
} from './fixtures.cts';
import { nodeOutput } from './n8n.cts';
import type { Context } from './scenarios.cts';

const OWN_HOST_ID = 'GiniE2eHttpOwnHost';
const FOREIGN_HOST_ID = 'GiniE2eHttpForeign';
const NODE = 'HTTP Request with the Gini credential';

function httpRequestWorkflow(id: string, name: string, url: string): WorkflowJson {
	return manualWorkflow(id, name, {
		name: NODE,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		// The refusal is checked in the item, so the execution itself succeeds either way.
		onError: 'continueRegularOutput',
		parameters: {
			method: 'GET',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: CREDENTIAL_TYPES.basic,
			sendHeaders: true,
			headerParameters: {
				parameters: [{ name: 'Accept', value: 'application/vnd.gini.v1+json' }],
			},
			// Gini answers application/vnd.gini.v1+json, which the node would keep as text.
			options: { response: { response: { responseFormat: 'json' } } },
		},
		credentials: {
			[CREDENTIAL_TYPES.basic]: {
				id: CREDENTIAL_IDS.basic,
				name: 'Gini Pay (client credentials)',
			},
		},
	});
}

export interface HttpRequestScenario {
	workflows: WorkflowJson[];
	run(context: Context): Promise<void>;
}

/** The two workflows to import, and the checks to run once they are imported. */
export async function prepareHttpRequestScenario(emulator: Emulator): Promise<HttpRequestScenario> {
	const foreign: LoopbackServer = await startLoopbackServer(() => ({
		status: 200,
		body: { items: [] },
	}));
	const workflows = [
		httpRequestWorkflow(
			OWN_HOST_ID,
			'HTTP Request: Gini Pay API documents (e2e)',
			`${emulator.payApiUrl}/documents`,
		),
		httpRequestWorkflow(
			FOREIGN_HOST_ID,
			'HTTP Request: foreign host (e2e)',
			`${foreign.url}/documents`,
		),
	];
	return {
		workflows,
		async run(context: Context): Promise<void> {
			const { report, n8n } = context;
			try {
				const before = emulator.counters().requests.byRoute['GET /documents'] ?? 0;
				const own = await n8n.execute(OWN_HOST_ID);
				const [ownItem] = nodeOutput(own, NODE);
				report.check(
					'GET <Pay API base URL>/documents with the Gini Basic credential answers the document list',
					own.status === 'success' &&
						Array.isArray(ownItem?.json.documents) &&
						!ownItem?.json.error,
					JSON.stringify(ownItem?.json ?? {}).slice(0, 200),
				);
				report.equal(
					'the request reached Gini',
					(emulator.counters().requests.byRoute['GET /documents'] ?? 0) - before,
					1,
				);

				const other = await n8n.execute(FOREIGN_HOST_ID);
				const [otherItem] = nodeOutput(other, NODE);
				const error = JSON.stringify(otherItem?.json.error ?? otherItem?.json ?? {});
				report.check(
					'a foreign host is refused, naming the hosts the credential is for',
					/Refusing to send the Gini credential/.test(error),
					error.slice(0, 300),
				);
				report.equal('nothing reached the foreign host', foreign.requests.length, 0);
			} finally {
				await foreign.close();
			}
		},
	};
}
