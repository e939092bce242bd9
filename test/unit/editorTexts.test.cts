/**
 * What n8n's editor shows from the descriptions: the Docs links as the editor builds them, the text the node panel
 * shows for the Gini Pay entry (actions and trigger merged), the trigger's panel and the JWT credential's introduction.
 * The editor's logic is restated from n8n's editor-ui (named per test) and applied to the package's descriptions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { GiniPayBasicApi } from '../../credentials/GiniPayBasicApi.credentials';
import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';
import { GiniUserCenterApi } from '../../credentials/GiniUserCenterApi.credentials';
import { GiniPay } from '../../nodes/GiniPay/GiniPay.node';
import { GiniPayTrigger } from '../../nodes/GiniPay/GiniPayTrigger.node';

const ROOT = join(__dirname, '..', '..');

function codex(file: string): { resources: { primaryDocumentation: Array<{ url: string }> } } {
	return JSON.parse(readFileSync(join(ROOT, 'nodes', 'GiniPay', file), 'utf8'));
}

/**
 * The node's Docs link in n8n's node panel (editor-ui composables/useNodeDocsUrl.ts): `documentationUrl` as it is
 * when it starts with http, else the codex's primary documentation with `?utm_...` appended as text, which lands
 * inside a `#fragment`.
 */
function nodeDocsUrl(description: INodeTypeDescription, codexFile: string): string {
	if (description.documentationUrl?.startsWith('http')) return description.documentationUrl;
	const utm = new URLSearchParams({
		utm_source: 'n8n_app',
		utm_medium: 'node_settings_modal-credential_link',
		utm_campaign: description.name,
	});
	return `${codex(codexFile).resources.primaryDocumentation[0].url}?${utm.toString()}`;
}

/** The credential's Docs link (editor-ui CredentialEdit/CredentialConfig.vue): other hosts than n8n's docs as they are. */
function credentialDocsUrl(documentationUrl: string): string {
	const url = new URL(documentationUrl);
	if (url.hostname !== 'docs.n8n.io') return documentationUrl;
	url.searchParams.set('utm_source', 'n8n_app');
	return url.href;
}

/** GitHub's anchors of README.md's headings (lower case, spaces to hyphens, punctuation dropped). */
function readmeAnchors(): string[] {
	return readFileSync(join(ROOT, 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) =>
			line
				.replace(/^#+ /, '')
				.toLowerCase()
				.replace(/[^\p{L}\p{N} -]/gu, '')
				.replace(/ /g, '-'),
		);
}

describe('Docs links', () => {
	it.each([
		[new GiniPay().description, 'GiniPay.node.json', 'operations'],
		[new GiniPayTrigger().description, 'GiniPayTrigger.node.json', 'gini-pay-trigger'],
	])(
		'the node %#: its link keeps its anchor, a heading of README.md',
		(description, file, anchor) => {
			const url = new URL(nodeDocsUrl(description, file));
			expect(url.hash).toBe(`#${anchor}`);
			expect(readmeAnchors()).toContain(anchor);
		},
	);

	it.each([new GiniPayBasicApi(), new GiniPayJwtApi(), new GiniUserCenterApi()])(
		'the credential %#: its link keeps its anchor, a heading of README.md',
		(credential) => {
			const url = new URL(credentialDocsUrl(credential.documentationUrl));
			expect(url.hash).toBe('#credentials');
			expect(readmeAnchors()).toContain('credentials');
		},
	);

	it('the codex links, to which n8n appends its parameters as text, carry no anchor', () => {
		for (const file of ['GiniPay.node.json', 'GiniPayTrigger.node.json']) {
			for (const { url } of codex(file).resources.primaryDocumentation) {
				expect(url).not.toContain('#');
			}
		}
	});
});

describe('the node panel and the trigger panel', () => {
	/**
	 * n8n's node panel merges a trigger into the action node of the same name and shows the trigger's description for
	 * both (editor-ui NodeCreator/composables/useActionsGeneration.ts generateMergedNodesAndActions:
	 * `app.description = trigger.description`): it is what a person reads when adding an action too.
	 */
	it('the trigger’s description, shown for the merged Gini Pay entry, describes the node, not the trigger', () => {
		const trigger = new GiniPayTrigger().description;
		expect(trigger.description).toBe(new GiniPay().description.description);
		expect(trigger.description).not.toMatch(/^Starts the workflow/);
	});

	it('what the trigger does is in its panel (triggerPanel), shown only on the trigger', () => {
		const { triggerPanel } = new GiniPayTrigger().description;
		expect(typeof triggerPanel).toBe('object');
		const panel = triggerPanel as { header?: string; executionsHelp?: unknown };
		expect(panel.header).toEqual(expect.stringContaining('Gini'));
		expect(panel.executionsHelp).toEqual({
			inactive: expect.stringContaining('newest document'),
			active: expect.stringContaining('once per document'),
		});
	});
});

describe('the JWT credential form', () => {
	it('starts with a notice that says which token source to choose when', () => {
		const [first] = new GiniPayJwtApi().properties;
		expect(first.type).toBe('notice');
		expect(first.displayName).toContain('Signed Here With Your Private Key');
		expect(first.displayName).toContain('A Token Issued Elsewhere');
		expect(first.displayName).toContain('Client ID and Secret');
	});
});

/**
 * n8n's HTTP Request node (nodes-base HttpRequest/V3, Response Format "Autodetect") parses an answer as JSON only when
 * its Content-Type contains `application/json`; Gini answers `application/vnd.gini.v1+json`, which it returns as one
 * string. A credential cannot change Gini's Content-Type, so each credential says what to set in that node.
 */
describe('the credentials in the HTTP Request node', () => {
	it.each([new GiniPayBasicApi(), new GiniPayJwtApi(), new GiniUserCenterApi()])(
		'credential %#: a notice says to set Response Format to JSON',
		(credential) => {
			const notice = credential.properties.find(
				(property) => property.type === 'notice' && property.displayName.includes('HTTP Request'),
			);
			expect(notice?.displayName).toContain('Response Format');
			expect(notice?.displayName).toContain('JSON');
			expect(notice?.displayName).toContain('application/vnd.gini.v1+json');
		},
	);
});
