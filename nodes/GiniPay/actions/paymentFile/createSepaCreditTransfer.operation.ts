import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_PAIN_VERSION,
	SepaFileError,
	checkSepaTransaction,
	createSepaCreditTransfer,
	type PainVersion,
	type SepaTransactionInput,
} from '../../shared/payments/sepa';
import type { BatchOutcome, OperationOption } from '../operation';
import { asClause, cannotBePaid, itemPayment, notPayable, paymentFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Create SEPA Credit Transfer',
	action: 'Create a SEPA credit transfer file',
	description:
		"Turn all input items into one SEPA credit transfer file (ISO 20022 pain.001) to upload to the debtor's bank",
};

const show = { resource: ['paymentFile'], operation: ['createSepaCreditTransfer'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Debtor Name',
		name: 'debtorName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Muster GmbH',
		description: 'The name of the account holder who pays',
		displayOptions: { show },
	},
	{
		displayName: 'Debtor IBAN',
		name: 'debtorIban',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. DE89370400440532013000',
		description: 'The account the payments are made from',
		displayOptions: { show },
	},
	{
		displayName: 'Debtor BIC',
		name: 'debtorBic',
		type: 'string',
		default: '',
		placeholder: 'e.g. COBADEFFXXX',
		description: "The debtor's bank's BIC; leave empty to send the IBAN only (NOTPROVIDED)",
		displayOptions: { show },
	},
	{
		displayName: 'Execution Date',
		name: 'executionDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-12-07',
		description:
			"The day the bank is to execute the transfers, YYYY-MM-DD. Leave empty for today in the workflow's time zone; banks execute a date that is not a bank day on the next bank day.",
		displayOptions: { show },
	},
	...paymentFields(['createSepaCreditTransfer']),
	{
		displayName: 'End-to-End ID',
		name: 'paymentEndToEndId',
		type: 'string',
		default: '',
		description:
			"The transfer's end-to-end ID (at most 35 characters), which the payee's bank passes on; leave empty to derive one from the file's content",
		displayOptions: { show },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Leave Out Items That Cannot Be Paid',
				name: 'leaveOutUnpayable',
				type: 'boolean',
				default: false,
				description:
					'Whether items that cannot be paid (not payable, a credit note, not in EUR, an invalid IBAN, ...) are left out of the file and listed in its item\'s "leftOut", instead of failing',
			},
			{
				displayName: 'Version',
				name: 'version',
				type: 'options',
				options: [
					{
						name: 'Pain.001.001.09 (SEPA Since 2024)',
						value: 'pain.001.001.09',
					},
					{
						name: 'Pain.001.001.03 (Older, for Banks That Still Ask for It)',
						value: 'pain.001.001.03',
					},
				],
				default: 'pain.001.001.09',
				description: 'Which pain.001 the file is written in',
			},
		],
	},
];

/** Today in the workflow's time zone, YYYY-MM-DD. */
function today(ctx: IExecuteFunctions): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone: ctx.getTimezone(),
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(new Date());
}

/**
 * All input items as one pain.001 file (shared/payments/sepa.ts): one output item with the file as the binary `data`
 * and its message id, count, control sum, execution date, version and the items left out; its pairedItem lists the
 * items in the file. An item that cannot be paid fails alone (under Continue On Fail the others make the file), or is
 * left out and listed with the option on.
 */
export async function batch(this: IExecuteFunctions, itemIndexes: number[]): Promise<BatchOutcome> {
	const options = this.getNodeParameter('options', 0, {}) as {
		leaveOutUnpayable?: boolean;
		version?: PainVersion;
	};
	const version = options.version ?? DEFAULT_PAIN_VERSION;
	const leaveOut = options.leaveOutUnpayable === true;
	const debtor = {
		name: String(this.getNodeParameter('debtorName', 0)),
		iban: String(this.getNodeParameter('debtorIban', 0)),
		bic: String(this.getNodeParameter('debtorBic', 0, '')).trim() || null,
	};
	const executionDate = String(this.getNodeParameter('executionDate', 0, '')).trim() || today(this);

	const failures: BatchOutcome['failures'] = [];
	const leftOut: IDataObject[] = [];
	const paid: number[] = [];
	const transactions: SepaTransactionInput[] = [];
	for (const itemIndex of itemIndexes) {
		let reason = notPayable(this, itemIndex);
		let transaction: SepaTransactionInput | undefined;
		if (reason === undefined) {
			const payment = itemPayment(this, itemIndex);
			transaction = {
				iban: payment.iban,
				bic: payment.bic || null,
				amount: payment.amount,
				currency: payment.currency,
				recipient: payment.recipient,
				remittance: payment.reference || null,
				endToEndId:
					String(this.getNodeParameter('paymentEndToEndId', itemIndex, '') ?? '').trim() || null,
			};
			const checked = checkSepaTransaction(transaction, version);
			if ('error' in checked) reason = checked.error;
		}
		if (reason !== undefined || transaction === undefined) {
			const why = reason ?? 'it cannot be paid';
			if (leaveOut) leftOut.push({ item: itemIndex, reason: asClause(why) });
			else failures.push({ itemIndex, error: cannotBePaid(this, itemIndex, why) });
			continue;
		}
		paid.push(itemIndex);
		transactions.push(transaction);
	}
	// Without Continue On Fail the router fails the node with the first failure; with it, the others make the file.
	if (failures.length > 0 && (!this.continueOnFail() || transactions.length === 0)) {
		return { items: [], failures };
	}
	if (transactions.length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			'No item can be paid, so no SEPA file was written',
			{ description: leftOut.map(({ item, reason }) => `Item ${item}: ${reason}`).join('\n') },
		);
	}
	let file;
	try {
		file = createSepaCreditTransfer(debtor, transactions, { version, executionDate });
	} catch (error) {
		const message = error instanceof SepaFileError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), message, { itemIndex: 0 });
	}
	const fileName = `sepa-credit-transfer-${file.messageId}.xml`;
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(file.xml, 'utf8'),
		fileName,
		'application/xml',
	);
	const json: IDataObject = {
		messageId: file.messageId,
		numberOfTransactions: file.numberOfTransactions,
		controlSum: file.controlSum,
		executionDate,
		version: file.version,
		leftOut,
	};
	if (file.warnings.length > 0) {
		json.warnings = file.warnings.map(({ index, warning }) => ({ item: paid[index], warning }));
	}
	return {
		items: [{ json, binary: { data: binary }, pairedItem: paid.map((item) => ({ item })) }],
		failures,
	};
}
