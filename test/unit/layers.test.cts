/**
 * The layers of the node's code, and which way imports may point (CONTRIBUTING.md, "Layers"):
 *
 *   GiniPay.node.ts, GiniPayTrigger.node.ts  the nodes: may import any layer
 *   actions/   one operation per file, the router        → api, shared
 *   trigger/   the polling trigger                       → api, shared
 *   api/       every Gini call, by name; the Gini client → transport, shared
 *   transport/ the only code that sends HTTP             → shared
 *   shared/    pure modules: no n8n runtime values        → nothing but shared and node:*
 *   credentials/                                         → transport, shared
 *
 * Nothing points up or sideways (actions and trigger do not import each other), actions and trigger reach Gini only
 * through the client of api/ (api/client.ts), only api/ (and transport/ itself) imports the functions that send
 * requests, and nothing outside n8n-workflow and Node's built-ins is imported (the package has no runtime
 * dependencies). Type-only imports count like the others, except that shared/ may import n8n-workflow's types. No
 * file imports itself through others (an import loop), type-only imports included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

type Layer = 'node' | 'actions' | 'trigger' | 'api' | 'transport' | 'shared' | 'credentials';

const MAY_IMPORT: Record<Layer, Layer[]> = {
	node: ['node', 'actions', 'trigger', 'api', 'transport', 'shared'],
	actions: ['actions', 'api', 'shared'],
	trigger: ['trigger', 'api', 'shared'],
	api: ['api', 'transport', 'shared'],
	transport: ['transport', 'shared'],
	shared: ['shared'],
	credentials: ['transport', 'shared'],
};

/** The modules that send requests, and the names by which they are reached through transport/index.ts. */
const SENDING_MODULES = ['nodes/GiniPay/transport/tokens.ts', 'nodes/GiniPay/transport/request.ts'];
const SENDING_NAMES = ['payApiRequest', 'userCenterRequest', 'sendRequest'];
const MAY_SEND: Layer[] = ['api', 'transport'];

function layerOf(file: string): Layer | undefined {
	if (file.startsWith('credentials/')) return 'credentials';
	const match = /^nodes\/GiniPay\/(?:(actions|trigger|api|transport|shared)\/)?[^/]+/.exec(file);
	if (!match) return undefined;
	if (!match[1]) return file.split('/').length === 3 ? 'node' : undefined;
	return match[1] as Layer;
}

interface Import {
	specifier: string;
	typeOnly: boolean;
	names: string[];
}

function importsOf(file: string, source: string): Import[] {
	const sourceFile = ts.createSourceFile(
		file,
		source,
		ts.ScriptTarget.ES2022,
		true,
		ts.ScriptKind.TS,
	);
	const found: Import[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const clause = node.importClause;
			const bindings = clause?.namedBindings;
			const named = bindings && ts.isNamedImports(bindings) ? [...bindings.elements] : [];
			const valueNames = named.filter((element) => !element.isTypeOnly);
			const typeOnly =
				clause !== undefined &&
				(clause.isTypeOnly ||
					(clause.name === undefined && named.length > 0 && valueNames.length === 0));
			found.push({
				specifier: node.moduleSpecifier.text,
				typeOnly,
				names: named.map((element) => (element.propertyName ?? element.name).text),
			});
		} else if (
			ts.isExportDeclaration(node) &&
			node.moduleSpecifier &&
			ts.isStringLiteral(node.moduleSpecifier)
		) {
			const clause = node.exportClause;
			const named = clause && ts.isNamedExports(clause) ? [...clause.elements] : [];
			found.push({
				specifier: node.moduleSpecifier.text,
				typeOnly:
					node.isTypeOnly || (named.length > 0 && named.every((element) => element.isTypeOnly)),
				names: named.map((element) => (element.propertyName ?? element.name).text),
			});
		} else if (
			ts.isCallExpression(node) &&
			(node.expression.kind === ts.SyntaxKind.ImportKeyword ||
				(ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
			node.arguments.length > 0 &&
			ts.isStringLiteralLike(node.arguments[0])
		) {
			found.push({ specifier: node.arguments[0].text, typeOnly: false, names: [] });
		} else if (
			ts.isImportEqualsDeclaration(node) &&
			ts.isExternalModuleReference(node.moduleReference)
		) {
			const expression = node.moduleReference.expression;
			if (ts.isStringLiteral(expression))
				found.push({ specifier: expression.text, typeOnly: node.isTypeOnly, names: [] });
		}
		ts.forEachChild(node, visit);
	};
	visit(sourceFile);
	return found;
}

/** The repository file a relative import names (`./x` → `x.ts` or `x/index.ts`), as a path from the root. */
function resolve(from: string, specifier: string, exists: (file: string) => boolean): string {
	const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
	const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
	return candidates.find(exists) ?? base;
}

/** The import loops among `files`: each as the files of one loop, the first one again at its end. */
export function importLoops(files: Map<string, string>): string[][] {
	const exists = (file: string) => files.has(file);
	const edges = new Map<string, string[]>();
	for (const [file, source] of files) {
		edges.set(
			file,
			importsOf(file, source)
				.filter(({ specifier }) => specifier.startsWith('.'))
				.map(({ specifier }) => resolve(file, specifier, exists))
				.filter(exists),
		);
	}
	const loops: string[][] = [];
	const done = new Set<string>();
	const visit = (file: string, path: string[]) => {
		const at = path.indexOf(file);
		if (at >= 0) {
			loops.push([...path.slice(at), file]);
			return;
		}
		if (done.has(file)) return;
		for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
		done.add(file);
	};
	for (const file of [...files.keys()].sort()) visit(file, []);
	return loops;
}

/** What is wrong with the imports of `files` (path from the repository root → source). */
export function layerViolations(files: Map<string, string>): string[] {
	const exists = (file: string) => files.has(file) || file.endsWith('.json');
	const problems: string[] = [];
	for (const [file, source] of files) {
		const layer = layerOf(file);
		if (!layer) {
			problems.push(`${file}: not in a known layer (add it to test/unit/layers.test.cts)`);
			continue;
		}
		for (const { specifier, typeOnly, names } of importsOf(file, source)) {
			const where = `${file} imports '${specifier}'`;
			if (!specifier.startsWith('.')) {
				if (specifier.startsWith('node:')) continue;
				if (specifier !== 'n8n-workflow')
					problems.push(`${where}: not a runtime dependency the package has`);
				else if (layer === 'shared' && !typeOnly)
					problems.push(`${where}: shared/ may import n8n-workflow's types only`);
				continue;
			}
			const target = resolve(file, specifier, exists);
			if (target.endsWith('.json')) continue;
			const targetLayer = layerOf(target);
			if (!targetLayer) {
				problems.push(`${where}: outside the node's layers`);
				continue;
			}
			if (!MAY_IMPORT[layer].includes(targetLayer)) {
				problems.push(`${where}: ${layer}/ may not import ${targetLayer}/`);
			}
			if (!MAY_SEND.includes(layer)) {
				if (SENDING_MODULES.includes(target)) {
					problems.push(`${where}: only api/ calls Gini; add a function there`);
				}
				const sending = names.filter((name) => SENDING_NAMES.includes(name));
				if (sending.length > 0) {
					problems.push(
						`${where}: ${sending.join(', ')}: only api/ calls Gini; add a function there`,
					);
				}
			}
		}
	}
	return problems;
}

function sourcesUnder(directory: string): string[] {
	return readdirSync(path.join(REPO_ROOT, directory), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
		.map((entry) =>
			path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
		);
}

describe('the layers of nodes/ and credentials/', () => {
	it('import only downwards', () => {
		const files = new Map(
			[...sourcesUnder('nodes'), ...sourcesUnder('credentials')].map((file) => [
				file,
				readFileSync(path.join(REPO_ROOT, file), 'utf8'),
			]),
		);
		expect(files.size).toBeGreaterThan(40);
		expect(layerViolations(files)).toEqual([]);
	});

	it('have no import loop in actions/, trigger/, api/ and transport/', () => {
		const files = new Map(
			[
				'nodes/GiniPay/actions',
				'nodes/GiniPay/trigger',
				'nodes/GiniPay/api',
				'nodes/GiniPay/transport',
			]
				.flatMap(sourcesUnder)
				.map((file) => [file, readFileSync(path.join(REPO_ROOT, file), 'utf8')]),
		);
		expect(files.size).toBeGreaterThan(40);
		expect(importLoops(files)).toEqual([]);
	});
});

describe('importLoops', () => {
	it('finds a loop of two files, type-only imports included', () => {
		const files = new Map([
			['nodes/GiniPay/transport/a.ts', "import type { B } from './b';"],
			['nodes/GiniPay/transport/b.ts', "import { a } from './a';"],
			['nodes/GiniPay/transport/c.ts', "import { a } from './a';"],
		]);
		expect(importLoops(files)).toEqual([
			[
				'nodes/GiniPay/transport/a.ts',
				'nodes/GiniPay/transport/b.ts',
				'nodes/GiniPay/transport/a.ts',
			],
		]);
	});

	it('finds none where imports only point one way', () => {
		const files = new Map([
			['nodes/GiniPay/transport/a.ts', "import { b } from './b';\nimport { c } from './c';"],
			['nodes/GiniPay/transport/b.ts', "import { c } from './c';"],
			['nodes/GiniPay/transport/c.ts', ''],
		]);
		expect(importLoops(files)).toEqual([]);
	});
});

describe('layerViolations', () => {
	const world = (file: string, source: string) =>
		new Map([
			[file, source],
			['nodes/GiniPay/actions/document/shared.ts', ''],
			['nodes/GiniPay/actions/common.descriptions.ts', ''],
			['nodes/GiniPay/api/listing.ts', ''],
			['nodes/GiniPay/transport/index.ts', ''],
			['nodes/GiniPay/transport/tokens.ts', ''],
			['nodes/GiniPay/shared/links.ts', ''],
		]);

	it.each([
		[
			'api importing actions',
			'nodes/GiniPay/api/x.ts',
			"import { a } from '../actions/document/shared';",
		],
		[
			'transport importing api',
			'nodes/GiniPay/transport/x.ts',
			"import { a } from '../api/listing';",
		],
		[
			'transport importing api, type only',
			'nodes/GiniPay/transport/x.ts',
			"import type { A } from '../api/listing';",
		],
		[
			'shared importing transport',
			'nodes/GiniPay/shared/x.ts',
			"import type { A } from '../transport';",
		],
		[
			'shared importing an n8n-workflow value',
			'nodes/GiniPay/shared/x.ts',
			"import { NodeApiError } from 'n8n-workflow';",
		],
		[
			'shared with a mixed n8n-workflow import',
			'nodes/GiniPay/shared/x.ts',
			"import { type A, sleep } from 'n8n-workflow';",
		],
		[
			'trigger importing actions (sideways)',
			'nodes/GiniPay/trigger/x.ts',
			"import { a } from '../actions/common.descriptions';",
		],
		[
			'actions importing trigger (sideways)',
			'nodes/GiniPay/actions/x.ts',
			"import { a } from '../trigger/poll';",
		],
		[
			'a re-export pointing up',
			'nodes/GiniPay/api/x.ts',
			"export { a } from '../actions/document/shared';",
		],
		[
			'a require pointing up',
			'nodes/GiniPay/transport/x.ts',
			"const a = require('../api/listing');",
		],
		[
			'actions importing transport',
			'nodes/GiniPay/actions/x.ts',
			"import { resolveUser } from '../transport';",
		],
		[
			'actions importing a transport type',
			'nodes/GiniPay/actions/document/x.ts',
			"import type { GiniSession } from '../../transport';",
		],
		[
			'trigger importing transport',
			'nodes/GiniPay/trigger/x.ts',
			"import { openSession } from '../transport';",
		],
		[
			'credentials sending a request',
			'credentials/X.credentials.ts',
			"import { payApiRequest } from '../nodes/GiniPay/transport';",
		],
		[
			'credentials sending a request under another name',
			'credentials/X.credentials.ts',
			"import { userCenterRequest as u } from '../nodes/GiniPay/transport';",
		],
		[
			'credentials reaching into transport/tokens',
			'credentials/X.credentials.ts',
			"import { clientToken } from '../nodes/GiniPay/transport/tokens';",
		],
		['a runtime dependency', 'nodes/GiniPay/api/x.ts', "import axios from 'axios';"],
		[
			'credentials importing actions',
			'credentials/X.credentials.ts',
			"import { a } from '../nodes/GiniPay/actions/common.descriptions';",
		],
		['a file outside the layers', 'nodes/GiniPay/helpers/x.ts', ''],
	])('finds %s', (_name, file, source) => {
		expect(layerViolations(world(file, source))).toHaveLength(1);
	});

	it.each([
		[
			'actions importing api and shared',
			'nodes/GiniPay/actions/x.ts',
			"import { a } from '../api/listing';\nimport { b } from '../shared/links';",
		],
		[
			'api sending a request',
			'nodes/GiniPay/api/x.ts',
			"import { payApiRequest } from '../transport';\nimport { clientToken } from '../transport/tokens';",
		],
		[
			'shared importing n8n-workflow types',
			'nodes/GiniPay/shared/x.ts',
			"import type { IDataObject } from 'n8n-workflow';\nimport { type A, type B } from 'n8n-workflow';",
		],
		[
			'shared importing node built-ins',
			'nodes/GiniPay/shared/x.ts',
			"import { createHash } from 'node:crypto';",
		],
		[
			'a node importing actions and trigger',
			'nodes/GiniPay/X.node.ts',
			"import { a } from './actions/common.descriptions';\nimport { b } from './api/listing';",
		],
	])('allows %s', (_name, file, source) => {
		expect(layerViolations(world(file, source))).toEqual([]);
	});
});
