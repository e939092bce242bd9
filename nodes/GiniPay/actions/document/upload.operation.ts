import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkUpload } from '../../shared/mediaTypes';
import { payApiRequest, resolveUser, type GiniSession } from '../../transport';
import { userOverride } from '../common.descriptions';
import { createdLocation, fetchDocument } from './shared';

const show = { resource: ['document'], operation: ['upload'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the input binary field containing the file to upload',
		description: 'PDF, PNG, JPEG, GIF, TIFF or UTF-8 text, under 10 MiB',
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
				displayName: 'Document Type',
				name: 'docType',
				type: 'options',
				default: 'Invoice',
				description: 'A hint for Gini about what the document is',
				options: [
					{ name: 'Bank Statement', value: 'BankStatement' },
					{ name: 'Contract', value: 'Contract' },
					{ name: 'Invoice', value: 'Invoice' },
					{ name: 'Other', value: 'Other' },
					{ name: 'Receipt', value: 'Receipt' },
					{ name: 'Reminder', value: 'Reminder' },
					{ name: 'Remittance Slip', value: 'RemittanceSlip' },
					{ name: 'Travel Expense Report', value: 'TravelExpenseReport' },
				],
			},
			{
				displayName: 'File Name',
				name: 'fileName',
				type: 'string',
				default: '',
				description: 'Name to give the document in Gini. Defaults to the file name of the binary.',
			},
			{
				displayName: 'Metadata',
				name: 'metadata',
				type: 'fixedCollection',
				placeholder: 'Add Metadata',
				typeOptions: { multipleValues: true },
				default: {},
				description:
					'Sent as X-Document-Metadata-&lt;Name&gt; headers, e.g. BranchId to group uploads. ASCII only.',
				options: [
					{
						displayName: 'Entry',
						name: 'entry',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'BranchId' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
		],
	},
];

interface UploadOptions {
	docType?: string;
	fileName?: string;
	metadata?: { entry?: Array<{ name: string; value: string }> };
}

function metadataHeaders(ctx: IExecuteFunctions, itemIndex: number, options: UploadOptions): IDataObject {
	const headers: IDataObject = {};
	for (const { name, value } of options.metadata?.entry ?? []) {
		if (!/^[A-Za-z0-9-]+$/.test(name) || !/^[\x20-\x7e]*$/.test(String(value))) {
			throw new NodeOperationError(ctx.getNode(), `Metadata "${name}" is not valid`, {
				itemIndex,
				description: 'Metadata names may hold letters, digits and dashes; values printable ASCII only.',
			});
		}
		headers[`X-Document-Metadata-${name}`] = String(value);
	}
	return headers;
}

/** Uploads one file as a document (gini-api.md §4.1) and returns the document as Gini describes it. */
export async function execute(
	this: IExecuteFunctions,
	session: GiniSession,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as UploadOptions;
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	// Through n8n's helper, whatever the binary data mode (memory, filesystem, S3, database).
	const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const check = checkUpload(bytes, binary.mimeType);
	if (!check.ok) {
		throw new NodeOperationError(this.getNode(), check.reason, { itemIndex, description: check.hint });
	}
	const user = resolveUser(this, session, userOverride(this, itemIndex));
	const fileName = options.fileName?.trim() || binary.fileName || 'document';
	const qs: IDataObject = { filename: fileName };
	if (options.docType) qs.doctype = options.docType;

	const created = await payApiRequest(
		this,
		session,
		user,
		{
			method: 'POST',
			url: `${session.payApiUrl}/documents`,
			qs,
			headers: { 'Content-Type': check.mediaType, ...metadataHeaders(this, itemIndex, options) },
			body: bytes,
		},
		'Uploading the document',
	);
	const location = createdLocation(this, session, created);
	return [{ json: await fetchDocument(this, session, user, location) }];
}
