import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** One item's payment, read from the Payment fields (by default the fields the node's payment items carry). */
export interface ItemPayment {
	iban: string;
	bic: string;
	amount: string | number;
	currency: string;
	recipient: string;
	reference: string;
}

const paymentField = (
	name: string,
	displayName: string,
	itemField: string,
	description: string,
	operations: string[],
): INodeProperties => ({
	displayName,
	name,
	type: 'string',
	default: `={{ $json.${itemField} }}`,
	description,
	displayOptions: { show: { resource: ['paymentFile'], operation: operations } },
});

/** The Payment fields of each item; their defaults read the fields the node's payment items carry. */
export function paymentFields(operations: string[]): INodeProperties[] {
	return [
		paymentField('paymentIban', 'IBAN', 'iban', "The payee's IBAN", operations),
		paymentField(
			'paymentBic',
			'BIC',
			'bic',
			"The payee's BIC; may be empty (IBAN only, as SEPA allows)",
			operations,
		),
		paymentField(
			'paymentAmount',
			'Amount',
			'amount',
			'The amount to pay, e.g. 1234.50 (a dot, at most two decimals)',
			operations,
		),
		paymentField(
			'paymentCurrency',
			'Currency',
			'currency',
			'The currency: SEPA payments are in EUR only',
			operations,
		),
		paymentField('paymentRecipient', 'Recipient', 'recipient', "The payee's name", operations),
		paymentField(
			'paymentReference',
			'Reference',
			'reference',
			'The remittance information: an ISO 11649 creditor reference (RF…) is sent structured, any other text as free text',
			operations,
		),
	];
}

const text = (value: unknown): string =>
	value === undefined || value === null ? '' : String(value).trim();

/** The item's payment from its Payment fields. */
export function itemPayment(ctx: IExecuteFunctions, itemIndex: number): ItemPayment {
	const get = (name: string) => ctx.getNodeParameter(name, itemIndex, '') as unknown;
	const amount = get('paymentAmount');
	return {
		iban: text(get('paymentIban')),
		bic: text(get('paymentBic')),
		amount: typeof amount === 'number' ? amount : text(amount),
		currency: text(get('paymentCurrency')),
		recipient: text(get('paymentRecipient')),
		reference: text(get('paymentReference')),
	};
}

/**
 * Why the node itself says the item must not be paid, or undefined: `payable` false (a credit note, an invoice paid
 * already or paid by direct debit, no IBAN or amount; `note` says which) or `isCreditNote` true.
 */
export function notPayable(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const json = ctx.getInputData()[itemIndex]?.json ?? {};
	const note = typeof json.note === 'string' && json.note !== '' ? ` (${json.note})` : '';
	if (json.isCreditNote === true) return `it is a credit note${note}`;
	if (json.payable === false) return `the invoice is not payable${note}`;
	return undefined;
}

/** A reason as a clause after "cannot be paid:": its first letter in lower case, unless it starts an acronym (IBAN). */
export function asClause(reason: string): string {
	return /^[A-Z][a-z]/.test(reason) ? reason[0].toLowerCase() + reason.slice(1) : reason;
}

/** The error of an item that cannot be paid. */
export function cannotBePaid(
	ctx: IExecuteFunctions,
	itemIndex: number,
	reason: string,
): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex} cannot be paid: ${asClause(reason)}`,
		{
			itemIndex,
			description: `Leave such items out before this node (an IF on "payable"), or turn on 'Leave Out Items That Cannot Be Paid' (Create SEPA Credit Transfer)`,
		},
	);
}

/** A file name part: letters, digits and dashes of a text, at most 40 characters. */
export function fileNamePart(value: string): string {
	return value
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
}
