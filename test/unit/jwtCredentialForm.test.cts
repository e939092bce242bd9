/**
 * The JWT credential's form: fewer than 14 fields at once, and saved credentials keep working. n8n drops the values of
 * fields that are hidden when it loads a credential for a run (packages/cli credentials-helper.ts
 * applyDefaultsAndOverwrites calls NodeHelpers.getNodeParameters, which skips hidden fields), so only a field whose
 * value does not matter while hidden may be hidden.
 */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { GiniPayJwtApi } from '../../credentials/GiniPayJwtApi.credentials';

const { properties } = new GiniPayJwtApi();

function shown(values: INodeParameters): string[] {
	const withDefaults =
		NodeHelpers.getNodeParameters(properties, values, true, true, null, null) ?? {};
	return properties
		.filter((property) => NodeHelpers.displayParameter(withDefaults, property, null, null))
		.map((property) => property.name);
}

/** The fields a person fills in: the shown properties but notices. */
function fields(values: INodeParameters): string[] {
	const notices = new Set(properties.filter((p) => p.type === 'notice').map((p) => p.name));
	return shown(values).filter((name) => !notices.has(name));
}

it('shows fewer than 14 fields for a new credential, in either token source', () => {
	expect(fields({}).length).toBeLessThan(14);
	expect(fields({ jwtSource: 'static' }).length).toBeLessThan(14);
});

it('keeps every value a credential saved before this form, as n8n loads it for a run', () => {
	const saved: INodeParameters = {
		payApiUrl: 'https://pay-api.gini.net',
		jwtSource: 'sign',
		privateKey: 'pem',
		algorithm: 'ES256',
		keyId: 'k1',
		issuer: 'iss',
		audience: 'aud',
		lifetimeSeconds: 120,
		clientId: 'c',
		clientSecret: 's',
		userIdentifier: 'u',
		userIdentifierClaim: 'sub',
		clientIdClaim: 'cid',
		clientCredentialClaim: 'csecret',
	};
	expect(NodeHelpers.getNodeParameters(properties, saved, true, false, null, null)).toMatchObject(
		saved,
	);
});
