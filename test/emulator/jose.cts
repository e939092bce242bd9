// jose 6 ships only as an ES module. Node 24 can require() it, but Jest's own module system
// cannot without --experimental-vm-modules (the npm test scripts pass it, a plain `npx jest` does
// not), so this loader uses Node's real loader. Use `loadJose()` wherever a .cts file needs jose.
import * as nodeModule from 'node:module';
import * as path from 'node:path';

export type Jose = typeof import('jose', { with: { 'resolution-mode': 'import' } });

interface NodeModuleInternals {
	new (
		id: string,
		parent: unknown,
	): { filename: string; paths: string[]; require(id: string): unknown };
	_nodeModulePaths(dir: string): string[];
}

let cached: Jose | undefined;

export function loadJose(): Jose {
	if (cached) return cached;
	try {
		cached = require('jose') as Jose;
	} catch (error) {
		if ((error as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw error;
		// Inside Jest, `Module` is Jest's subclass of Node's, but its prototype `require` and the
		// static `_nodeModulePaths` are Node's own, which load ES modules natively on Node 24.
		const Module = (nodeModule as unknown as { Module: NodeModuleInternals }).Module;
		const host = new Module(__filename, null);
		host.filename = __filename;
		host.paths = Module._nodeModulePaths(path.dirname(__filename));
		cached = host.require('jose') as Jose;
	}
	return cached;
}
