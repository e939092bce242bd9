import { dirname } from 'node:path';

/**
 * n8n-core's own copies of its DI container and logger class. The install holds several versions
 * of @n8n/di and @n8n/backend-common (an older pair is hoisted for @n8n/node-cli), and a service
 * registered in the wrong container is invisible to n8n-core. Resolving from n8n-core's folder
 * picks the copies its code requires; a plain `require` keeps jest's module registry in charge,
 * so both sides share one instance.
 */
const coreDir = dirname(require.resolve('n8n-core'));

function fromCore<T>(id: string): T {
	return require(require.resolve(id, { paths: [coreDir] })) as T;
}

export const { Container } = fromCore<typeof import('@n8n/di')>('@n8n/di');
export const { Logger } = fromCore<typeof import('@n8n/backend-common')>('@n8n/backend-common');
