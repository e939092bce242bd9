import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/*
 * The ID parameters as n8n's UX guidelines want them: from node version 1.1 a Resource Locator (From List where Gini
 * lists the resource, By ID, By URL); version 1 keeps its text field, so a saved workflow keeps working. Both hold an
 * ID or a URL that the api layer checks and rebases (shared/links.ts); the reading here only takes the text out of
 * either form.
 *
 * The modes carry no `validation` regex: n8n checks those before every run, each in a VM with a 250 ms limit
 * (n8n-workflow's safe-regex.ts), and on a busy machine a run failed on "Regular expression execution timed out". The
 * api layer checks the ID or URL itself and fails the item with a message that names the problem.
 */

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

const VERSION_1 = { '@version': [1] };
const FROM_1_1 = { '@version': [{ _cnd: { gte: 1.1 } }] };

/** Gini's IDs are UUIDs; the node takes letters, digits and dashes (shared/links.ts RESOURCE_ID). */
const ID_PATTERN = '[A-Za-z0-9-]{1,100}';

export interface LocatorSpec {
	/** The parameter's name, kept from version 1 (saved workflows hold it). */
	name: string;
	/** The name of the thing, e.g. "Document". */
	thing: string;
	/** Version 1's field: its display name and description. */
	legacy: { displayName: string; description: string; placeholder?: string };
	/** The Resource Locator's description (e.g. why it has no From List). */
	description: string;
	/** The path before the ID in the resource's URL, e.g. `documents` or `api/users`. */
	collection: string;
	/** An example URL for the By URL placeholder. */
	exampleUrl: string;
	/** The list search of From List (a method of the node's `methods.listSearch`), when Gini lists the resource. */
	searchListMethod?: string;
	/** Sub-resources whose URL still names the resource (e.g. `payment`). */
	suffixes?: string[];
}

/**
 * The By URL mode's `extractValue`: the ID from a URL ending in `<collection>/<ID>` (or a sub-resource that still names
 * it), for whoever asks n8n for the extracted value. The node itself reads the URL with the link rules of
 * shared/links.ts (rebased on the configured base, anything else refused), which give the same ID.
 */
function urlPattern(spec: LocatorSpec): string {
	const suffix = spec.suffixes?.length ? `(?:/(?:${spec.suffixes.join('|')}))?` : '';
	return `^https?://.+/${spec.collection}/(${ID_PATTERN})${suffix}/?(?:[?#].*)?$`;
}

/** Version 1's text field and version 1.1's Resource Locator, shown for `show`. */
export function idFields(spec: LocatorSpec, show: Show): INodeProperties[] {
	const thing = spec.thing.toLowerCase();
	return [
		{
			displayName: spec.legacy.displayName,
			name: spec.name,
			type: 'string',
			default: '',
			required: true,
			...(spec.legacy.placeholder ? { placeholder: spec.legacy.placeholder } : {}),
			description: spec.legacy.description,
			displayOptions: { show: { ...show, ...VERSION_1 } },
		},
		{
			displayName: spec.thing,
			name: spec.name,
			type: 'resourceLocator',
			default: { mode: spec.searchListMethod ? 'list' : 'id', value: '' },
			required: true,
			description: spec.description,
			// From List (only where Gini lists the resource) first, then By ID and By URL.
			modes: [
				...(spec.searchListMethod
					? [
							{
								displayName: 'From List',
								name: 'list',
								type: 'list' as const,
								placeholder: `Select a ${thing}...`,
								typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
							},
						]
					: []),
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. 626626a0-749f-11e2-bfd6-000000000000',
				},
				{
					displayName: 'By URL',
					name: 'url',
					type: 'string',
					placeholder: `e.g. ${spec.exampleUrl}`,
					extractValue: { type: 'regex', regex: urlPattern(spec) },
				},
			],
			displayOptions: { show: { ...show, ...FROM_1_1 } },
		},
	];
}

function isLocator(value: unknown): value is INodeParameterResourceLocator {
	return typeof value === 'object' && value !== null && '__rl' in value && 'value' in value;
}

/**
 * The text of an ID parameter of one item: version 1's text, or the value of version 1.1's Resource Locator
 * (whatever its mode: an ID from the list or typed, or a URL); a plain text in version 1.1 (a workflow written by
 * hand or by a tool) counts as well. Expressions may yield numbers: they count as their digits. Anything else fails
 * the item.
 */
export function idParameter(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const value = isLocator(raw) ? raw.value : raw;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`'${label}' must be text, not ${Array.isArray(value) ? 'a list' : typeof value}`,
		{ itemIndex },
	);
}
