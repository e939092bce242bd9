import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type ICredentialsExpressionResolveValues,
	type IExecuteData,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import {
	resolveAuthenticateValue,
	resolveCredentialExpressions,
	restrictToCredentialDomains,
} from './credential-expressions.cts';

export interface HarnessCredential {
	type: string;
	id?: string;
	name?: string;
	data: ICredentialDataDecryptedObject;
}

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/** A record of each time a credential type's `preAuthentication` hook actually ran. */
export interface PreAuthenticationRun {
	type: string;
	credentialId: string | null;
	credentialsExpired: boolean;
}

/**
 * An in-memory stand-in for n8n's CLI `CredentialsHelper` (packages/cli/src/credentials-helper.ts):
 * the stored row is a plain object instead of an encrypted DB record, everything else (defaults,
 * expression resolution, `authenticate`, `preAuthentication` persistence) follows the CLI, because
 * that is the code path our credentials meet in production (docs/n8n-notes.md §3.2).
 */
export class MemoryCredentialsHelper extends ICredentialsHelper {
	private readonly credentialTypes = new Map<string, ICredentialType>();

	private readonly store: StoredCredential[] = [];

	readonly preAuthenticationRuns: PreAuthenticationRun[] = [];

	/**
	 * Every `getDecrypted` call, as n8n's CLI answers each one with a database read and a decryption: `raw` reads
	 * return the stored data unresolved; `itemIndex` is the item whose expressions were resolved (none outside a run).
	 */
	readonly decryptions: Array<{ type: string; raw: boolean; itemIndex?: number }> = [];

	constructor(credentialTypes: ICredentialType[] = [], credentials: HarnessCredential[] = []) {
		super();
		this.registerTypes(credentialTypes);
		for (const credential of credentials) this.setCredential(credential);
	}

	registerTypes(credentialTypes: ICredentialType[]): void {
		for (const type of credentialTypes) this.credentialTypes.set(type.name, type);
	}

	/** Adds a credential, or replaces the stored one with the same id. Returns its id. */
	setCredential(credential: HarnessCredential): string {
		const id = credential.id ?? `${credential.type}-${this.store.length + 1}`;
		const stored: StoredCredential = {
			id,
			name: credential.name ?? credential.type,
			type: credential.type,
			data: structuredClone(credential.data),
		};
		const index = this.store.findIndex((entry) => entry.id === id);
		if (index >= 0) this.store[index] = stored;
		else this.store.push(stored);
		return id;
	}

	/** The stored (raw, not defaulted) data, e.g. to assert that a refreshed token was persisted. */
	getStored(idOrType: string): ICredentialDataDecryptedObject | undefined {
		const found =
			this.store.find((entry) => entry.id === idOrType) ??
			this.store.find((entry) => entry.type === idOrType);
		return found ? structuredClone(found.data) : undefined;
	}

	/** The reference a node needs in `node.credentials[type]`, or undefined if none is stored. */
	referenceFor(type: string): INodeCredentialsDetails | undefined {
		const found = this.store.find((entry) => entry.type === type);
		return found ? { id: found.id, name: found.name } : undefined;
	}

	getCredentialType(typeName: string): ICredentialType {
		const type = this.credentialTypes.get(typeName);
		if (!type) {
			throw new UnexpectedError(`Unknown credential type "${typeName}"`, {
				tags: { credentialType: typeName },
			});
		}
		return type;
	}

	getParentTypes(typeName: string): string[] {
		const parents = [...(this.credentialTypes.get(typeName)?.extends ?? [])];
		for (const parent of [...parents]) parents.push(...this.getParentTypes(parent));
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const type = this.credentialTypes.get(credentialType);
		if (!type?.restrictToSupportedNodes) return true;
		const shortName = nodeType.slice(nodeType.lastIndexOf('.') + 1);
		return (type.supportedNodes ?? []).some((name) => name === nodeType || name === shortName);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (typeof authenticate === 'object' && authenticate.type === 'generic') {
			if (!workflow || !node) {
				throw new UnexpectedError(
					'Workflow and node are required for declarative credential authentication',
				);
			}
			requestOptions.headers ??= {};
			const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = resolveAuthenticateValue(key, credentials, workflow, node);
					target[outerKey] ??= {};
					target[outerKey][keyResolved] = resolveAuthenticateValue(
						value,
						credentials,
						workflow,
						node,
					);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.getCredentialType(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable === undefined || typeof credentialType.preAuthentication !== 'function') {
			return undefined;
		}
		// The CLI's marker for the old credential-test mock node: always refresh.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) {
			return undefined;
		}

		const reference = node.credentials?.[credentialType.name];
		this.preAuthenticationRuns.push({
			type: typeName,
			credentialId: reference?.id ?? null,
			credentialsExpired,
		});
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		// Without the expirable key in the output the CLI neither persists nor applies anything.
		if (output[expirable.name] === undefined || !reference) return undefined;

		// Persist onto the raw stored data; a field stored as an expression keeps its expression
		// (n8n-io/n8n PR #35064), only the expirable field is always overwritten.
		const stored = this.findStored(reference, typeName);
		const dataToPersist: ICredentialDataDecryptedObject = { ...stored.data };
		for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
			if (key === expirable.name || !isExpression(stored.data[key])) dataToPersist[key] = value;
		}
		await this.updateCredentials(reference, typeName, dataToPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.getCredentialType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const restricted = restrictToCredentialDomains(helpers, credentials);
		const output = await preAuthentication.call(restricted, credentials);
		return (output as ICredentialDataDecryptedObject | undefined) ?? undefined;
	}

	async getCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const stored = this.findStored(nodeCredentials, type);
		const credentials = new Credentials({ id: stored.id, name: stored.name }, stored.type);
		await credentials.setData(structuredClone(stored.data));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.decryptions.push({
			type,
			raw: raw === true,
			itemIndex: expressionResolveValues?.itemIndex,
		});
		const data = structuredClone(this.findStored(nodeCredentials, type).data);
		if (raw === true) return data;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			data,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Property defaults for missing keys, then expressions resolved, as the CLI does. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		// Keys that are not declared properties are dropped here, exactly as in n8n: a value a
		// preAuthentication hook returns must be declared (hidden) to survive (§3.2).
		const decryptedData = NodeHelpers.getNodeParameters(
			properties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		return resolveCredentialExpressions(
			additionalData,
			decryptedData,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.findStored(nodeCredentials, type).data = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.findStored(nodeCredentials, type);
		stored.data = { ...stored.data, oauthTokenData: structuredClone(data.oauthTokenData) };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.getCredentialType(type);
		if (credentialType.extends === undefined) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		// The properties defined on the child take precedence.
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private findStored(nodeCredentials: INodeCredentialsDetails, type: string): StoredCredential {
		const { id, name } = nodeCredentials;
		const found = id
			? this.store.find((entry) => entry.id === id && entry.type === type)
			: this.store.find((entry) => entry.type === type && (!name || entry.name === name));
		if (!found) {
			throw new UnexpectedError(
				`Credential with ID "${id ?? '(none)'}" does not exist for type "${type}".`,
			);
		}
		return found;
	}
}
