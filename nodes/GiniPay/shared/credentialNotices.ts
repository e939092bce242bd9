/**
 * Texts the credentials show. Pure: n8n-workflow's types only.
 */
import type { INodeProperties } from 'n8n-workflow';

/**
 * For the HTTP Request node with a Gini credential ("Predefined Credential Type"). Its Response Format "Autodetect"
 * parses an answer as JSON only when the Content-Type contains `application/json` (n8n's nodes-base
 * HttpRequest/V3/HttpRequestV3.node.ts); Gini's Pay API answers `application/vnd.gini.v1+json` (docs/gini-api.md
 * §1.2), which that node returns as one string. A credential cannot change what Gini answers, so it says what to set.
 */
export const httpRequestNotice: INodeProperties = {
	displayName:
		"Using this credential in the HTTP Request node? Gini answers in its own JSON type (application/vnd.gini.v1+json), which that node returns as one text field: set 'Options' > 'Response' > 'Response Format' to 'JSON' there, and send the header Accept: application/vnd.gini.v1+json as Gini asks.",
	name: 'httpRequestNotice',
	type: 'notice',
	default: '',
};
