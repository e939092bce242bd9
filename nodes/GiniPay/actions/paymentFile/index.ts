import { operationMap, resourceDescription } from '../operation';
import * as exported from './operations';

/** The operations by their value in the Operation list (operations.ts: one line each). */
export const operations = operationMap(exported);

export const description = resourceDescription(
	'paymentFile',
	operations,
	'createSepaCreditTransfer',
);
