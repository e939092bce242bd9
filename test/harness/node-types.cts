import {
	NodeHelpers,
	UnexpectedError,
	type IDataObject,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const DEFAULT_PACKAGE_NAME = 'n8n-nodes-gini-pay';

/** n8n-core's CUSTOM_NODES_PACKAGE_NAME: the prefix of nodes loaded from a custom folder (§5.3). */
const CUSTOM_PREFIX = 'CUSTOM';

/**
 * The node registry a Workflow resolves `node.type` against. A community node is known to n8n as
 * `<packageName>.<description.name>` when installed as a package and as `CUSTOM.<name>` when loaded
 * from a custom folder (docs/n8n-notes.md §2.5, §5.3), so each node is registered under both.
 */
export class HarnessNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	private readonly recording = new WeakMap<INodeType, INodeType>();

	/**
	 * What `execute` threw, as thrown. The engine keeps only a spread copy of an error in the run
	 * data (`{ ...error, message, stack }`), which loses the class; tests want the real object.
	 */
	readonly thrownErrors: Error[] = [];

	constructor(
		nodeTypes: Array<INodeType | IVersionedNodeType>,
		packageName = DEFAULT_PACKAGE_NAME,
	) {
		for (const nodeType of nodeTypes) this.register(nodeType, packageName);
	}

	register(nodeType: INodeType | IVersionedNodeType, packageName = DEFAULT_PACKAGE_NAME): void {
		const { name } = nodeType.description;
		this.types.set(`${packageName}.${name}`, nodeType);
		this.types.set(`${CUSTOM_PREFIX}.${name}`, nodeType);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const found = this.types.get(nodeType);
		if (!found) {
			throw new UnexpectedError(
				`Unknown node type "${nodeType}"; registered: ${[...this.types.keys()].join(', ')}`,
			);
		}
		return found;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return this.recordingErrors(
			NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version),
		);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.types.keys()].map((name) => [name, { className: name }]));
	}

	/** The same node type (by prototype), with an `execute` that notes what it throws. */
	private recordingErrors(nodeType: INodeType): INodeType {
		// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the engine's `this`
		const execute = nodeType.execute;
		if (!execute) return nodeType;
		let wrapped = this.recording.get(nodeType);
		if (!wrapped) {
			const thrownErrors = this.thrownErrors;
			wrapped = Object.create(nodeType, {
				execute: {
					value: async function (this: unknown, ...args: unknown[]) {
						try {
							return await (execute as (...a: unknown[]) => unknown).apply(this, args);
						} catch (error) {
							if (error instanceof Error) thrownErrors.push(error);
							throw error;
						}
					},
				},
			}) as INodeType;
			this.recording.set(nodeType, wrapped);
		}
		return wrapped;
	}
}

/** The version n8n gives a newly added node: `defaultVersion`, else the highest listed version. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	const { description } = nodeType;
	if ('defaultVersion' in description && typeof description.defaultVersion === 'number') {
		return description.defaultVersion;
	}
	const version = (description as { version?: number | number[] }).version ?? 1;
	return Array.isArray(version) ? Math.max(...version) : version;
}
