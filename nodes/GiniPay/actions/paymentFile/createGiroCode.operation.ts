import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EpcQrError, epcQrCode, isCreditorReference } from '../../shared/payments/epcQr';
import { checkSepaTransaction } from '../../shared/payments/sepa';
import type { OperationOption } from '../operation';
import { cannotBePaid, fileNamePart, itemPayment, notPayable, paymentFields } from './shared';

/** Its entry in the resource's Operation list (the value is its name in operations.ts). */
export const option: OperationOption = {
	name: 'Create GiroCode',
	action: 'Create an EPC payment QR code',
	description: 'Create the EPC payment QR code (GiroCode) of each item, to scan with a banking app',
};

const show = { resource: ['paymentFile'], operation: ['createGiroCode'] };

export const description: INodeProperties[] = [
	...paymentFields(['createGiroCode']),
	{
		displayName: 'Image Format',
		name: 'imageFormat',
		type: 'options',
		options: [
			{ name: 'SVG', value: 'svg' },
			{ name: 'PNG', value: 'png' },
		],
		default: 'svg',
		description: 'The format of the QR code image in the binary field "data"',
		displayOptions: { show },
	},
];

/**
 * The item's EPC069-12 payload (`girocodePayload`) and its QR code as the binary `data` (shared/payments/epcQr.ts).
 * The reference goes in as a creditor reference when it is one (ISO 11649), else as remittance text. Items the node
 * says must not be paid, and payments SEPA cannot make (not EUR, an invalid IBAN), fail.
 */
export async function local(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const refused = notPayable(this, itemIndex);
	if (refused !== undefined) throw cannotBePaid(this, itemIndex, refused);
	const payment = itemPayment(this, itemIndex);
	const checked = checkSepaTransaction({
		iban: payment.iban,
		bic: payment.bic || null,
		amount: payment.amount,
		currency: payment.currency,
		recipient: payment.recipient,
	});
	if ('error' in checked) throw cannotBePaid(this, itemIndex, checked.error);
	const format = this.getNodeParameter('imageFormat', itemIndex, 'svg') as 'svg' | 'png';
	let code;
	try {
		code = epcQrCode({
			name: payment.recipient,
			iban: payment.iban,
			bic: payment.bic || null,
			amount: payment.amount,
			...(payment.reference === ''
				? {}
				: isCreditorReference(payment.reference)
					? { creditorReference: payment.reference }
					: { remittanceText: payment.reference }),
		});
	} catch (error) {
		const message = error instanceof EpcQrError ? error.message : String(error);
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${message}`, { itemIndex });
	}
	const name =
		['girocode', fileNamePart(payment.recipient), fileNamePart(payment.reference)]
			.filter((part) => part !== '')
			.join('-') + `.${format}`;
	const binary =
		format === 'png'
			? await this.helpers.prepareBinaryData(code.png, name, 'image/png')
			: await this.helpers.prepareBinaryData(Buffer.from(code.svg, 'utf8'), name, 'image/svg+xml');
	return [
		{
			json: { ...this.getInputData()[itemIndex].json, girocodePayload: code.payload },
			binary: { data: binary },
		},
	];
}
