import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GiniClient } from '../../api/client';

export function requireUserCenter(
	ctx: IExecuteFunctions,
	gini: GiniClient,
	itemIndex: number,
	what: string,
): void {
	if (gini.session.mode !== 'userCenter') {
		throw new NodeOperationError(ctx.getNode(), `${what} needs the Gini User Center credential`, {
			itemIndex,
			description:
				"Derived users (Basic or JWT) are created by Gini on first use; set 'Authentication' to 'E-Mail and Password (User Center)'.",
		});
	}
}
