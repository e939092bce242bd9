import type { ICredentialDataDecryptedObject, INodeCredentialsDetails } from 'n8n-workflow';

import { holdsExpression } from '../shared/credentialExpressions';
import type { GiniContext } from './types';

/**
 * Reads the node's credential once per execution instead of once per item.
 *
 * In n8n every `getCredentials(type, itemIndex)` loads the credential from the database, decrypts it and resolves
 * its expressions for that item (n8n's packages/cli/src/credentials-helper.ts, `getDecrypted`): per item, that is
 * most of the node's own CPU time. The decrypted data of one item serves every item only when the stored data holds
 * no expression, and the resolved data no longer shows whether it did. So after the first read the stored data is
 * looked at once, through the engine's credentials helper (`getDecrypted` with `raw`, the same call n8n makes):
 * without an expression, every later item of the execution gets the first read; with one, or when the engine does
 * not offer that call, each item reads its own credential as before. Credential overwrites set by the n8n admin are
 * not seen in the stored data; they are the same for every item unless they hold expressions themselves.
 *
 * The reads are kept per execution (keyed by its cancel signal, one per execution in n8n-core), and within it per
 * node and credential; they go when the execution does. A poll has no such signal: its reads are kept per poll.
 */

interface CredentialRead {
	data: Promise<ICredentialDataDecryptedObject>;
	sameForAllItems: Promise<boolean>;
}

const reads = new WeakMap<object, Map<string, CredentialRead>>();

/** What n8n-core's execution contexts hold besides their public functions (node-execution-context.ts). */
interface EngineContext {
	additionalData?: {
		credentialsHelper?: {
			getDecrypted?: (...args: unknown[]) => Promise<unknown>;
		};
	};
	mode?: unknown;
	executeData?: unknown;
}

function scopeOf(ctx: GiniContext): object {
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	return signal ?? ctx;
}

async function storedWithoutExpressions(
	ctx: GiniContext,
	type: string,
	reference: INodeCredentialsDetails | undefined,
): Promise<boolean> {
	const engine = ctx as unknown as EngineContext;
	const helper = engine.additionalData?.credentialsHelper;
	if (!reference?.id || typeof helper?.getDecrypted !== 'function') return false;
	try {
		const raw = await helper.getDecrypted.call(
			helper,
			engine.additionalData,
			reference,
			type,
			engine.mode,
			engine.executeData,
			true,
		);
		return raw !== null && typeof raw === 'object' && !holdsExpression(raw);
	} catch {
		return false;
	}
}

/** The decrypted credential for one item: the execution's first read when the credential has no expression. */
export async function readCredential(
	ctx: GiniContext,
	type: string,
	itemIndex: number,
): Promise<ICredentialDataDecryptedObject> {
	const node = ctx.getNode();
	const reference = node.credentials?.[type];
	const key = JSON.stringify([node.name, type, reference?.id ?? null, reference?.name ?? null]);
	const scope = scopeOf(ctx);
	let byKey = reads.get(scope);
	if (!byKey) reads.set(scope, (byKey = new Map()));

	const known = byKey.get(key);
	if (known) {
		if (await known.sameForAllItems) return await known.data;
		return await ctx.getCredentials(type, itemIndex);
	}
	const data = ctx.getCredentials(type, itemIndex);
	const read: CredentialRead = {
		data,
		sameForAllItems: data.then(
			async () => await storedWithoutExpressions(ctx, type, reference),
			() => false,
		),
	};
	byKey.set(key, read);
	// A failed read is this item's error; the next item reads again.
	data.catch(() => {
		if (byKey.get(key) === read) byKey.delete(key);
	});
	return await data;
}
