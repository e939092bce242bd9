import {
	DEFAULT_PRODUCT_TAG,
	MAX_PAGES,
	PRODUCT_TAG_HEADER,
	PlanError,
	eachOutput,
	lostCopyFields,
	metadataHeaders,
	pageNames,
	parseRotations,
	planUpload,
	withProductTag,
} from '../../nodes/GiniPay/actions/document/uploadPlan';

const pdf = (fileName: string) => ({ fileName, mediaType: 'application/pdf' });
const jpeg = (fileName: string) => ({ fileName, mediaType: 'image/jpeg' });
const xml = (fileName: string) => ({ fileName, mediaType: 'application/xml' });

function refusal(step: () => unknown): PlanError {
	try {
		step();
	} catch (error) {
		if (error instanceof PlanError) return error;
		throw error;
	}
	throw new Error('no refusal');
}

describe('pageNames', () => {
	it('takes the one field, all of the item’s in their order, or the listed ones', () => {
		expect(pageNames('single', { binaryPropertyName: 'data', inputNames: ['a', 'b'] })).toEqual([
			'data',
		]);
		expect(pageNames('all', { inputNames: ['page1', 'page2'] })).toEqual(['page1', 'page2']);
		expect(
			pageNames('listed', { binaryPropertyNames: ' page2 , page1,, ', inputNames: ['page1'] }),
		).toEqual(['page2', 'page1']);
	});

	it('refuses no fields, and more pages than Gini processes', () => {
		expect(refusal(() => pageNames('all', { inputNames: [] })).description).toBe(
			'The item has no binary data.',
		);
		expect(
			refusal(() => pageNames('listed', { binaryPropertyNames: ' , ', inputNames: [] })).message,
		).toBe('No binary fields to upload');
		const eleven = Array.from({ length: MAX_PAGES + 1 }, (_, n) => `p${n}`);
		expect(refusal(() => pageNames('all', { inputNames: eleven })).message).toBe(
			'11 pages is more than Gini processes (10)',
		);
		expect(pageNames('all', { inputNames: eleven.slice(0, MAX_PAGES) })).toHaveLength(10);
	});
});

describe('parseRotations', () => {
	it('normalises multiples of 90 to 0..270, as Gini’s Android SDK does', () => {
		expect(parseRotations('')).toEqual([]);
		expect(parseRotations(' 0, 90 ,180, 270, 360, -90, 450')).toEqual([
			0, 90, 180, 270, 0, 270, 90,
		]);
	});

	it('refuses what is not a multiple of 90', () => {
		for (const text of ['45', '0, ninety', '90.5']) {
			expect(refusal(() => parseRotations(text)).message).toMatch(/is not a rotation$/);
		}
	});
});

describe('metadataHeaders and withProductTag', () => {
	it('writes each entry as X-Document-Metadata-<name>, and refuses names or values Gini cannot take', () => {
		expect(metadataHeaders([{ name: 'Branch-Id', value: 'berlin 1' }])).toEqual({
			'X-Document-Metadata-Branch-Id': 'berlin 1',
		});
		expect(refusal(() => metadataHeaders([{ name: 'Branch Id', value: 'x' }])).message).toBe(
			'Metadata "Branch Id" is not valid',
		);
		expect(refusal(() => metadataHeaders([{ name: 'City', value: 'München' }])).message).toBe(
			'Metadata "City" is not valid',
		);
	});

	it('puts the product tag in place of one the metadata names, whatever its case', () => {
		const headers = { 'x-document-metadata-product-tag': 'old', 'X-Document-Metadata-A': '1' };
		expect(withProductTag(headers, ' sepaExtractions ')).toEqual({
			'X-Document-Metadata-A': '1',
			[PRODUCT_TAG_HEADER]: 'sepaExtractions',
		});
		expect(withProductTag(headers, undefined)).toBe(headers);
		expect(refusal(() => withProductTag({}, 'two words')).message).toBe(
			'Product tag "two words" is not valid',
		);
	});
});

describe('planUpload', () => {
	it('sends one file as it is, several as the pages of a composite, an XML e-invoice as one', () => {
		expect(planUpload('single', [pdf('a.pdf')], {}).send).toBe('single');
		expect(planUpload('all', [jpeg('1.jpg'), jpeg('2.jpg')], {}).send).toBe('multiPage');
		// One page listed is still a composite of one page: the user chose pages.
		expect(planUpload('listed', [jpeg('1.jpg')], {}).send).toBe('multiPage');
		expect(planUpload('single', [xml('x.xml')], {}).send).toBe('eInvoice');
	});

	it('tags an XML e-invoice with the SDK’s product tag unless the user names one; other files only when named', () => {
		expect(planUpload('single', [xml('x.xml')], {}).target.metadata).toEqual({
			[PRODUCT_TAG_HEADER]: DEFAULT_PRODUCT_TAG,
		});
		expect(planUpload('single', [xml('x.xml')], { productTag: 'other' }).target.metadata).toEqual({
			[PRODUCT_TAG_HEADER]: 'other',
		});
		expect(planUpload('single', [pdf('a.pdf')], {}).target.metadata).toEqual({});
	});

	it('names the document by the File Name option, else by its first page', () => {
		expect(planUpload('all', [jpeg('1.jpg'), jpeg('2.jpg')], {}).target.fileName).toBe('1.jpg');
		expect(planUpload('single', [pdf('a.pdf')], { fileName: '  R-1.pdf ' }).target.fileName).toBe(
			'R-1.pdf',
		);
		expect(planUpload('single', [pdf('a.pdf')], { fileName: '   ' }).target.fileName).toBe('a.pdf');
	});

	it('refuses more rotations than pages, and an XML e-invoice among pages', () => {
		expect(refusal(() => planUpload('all', [jpeg('1.jpg')], { rotations: '0, 90' })).message).toBe(
			'2 rotations given for 1 pages',
		);
		expect(
			planUpload('all', [jpeg('1.jpg'), jpeg('2.jpg')], { rotations: '90' }).rotations,
		).toEqual([90]);
		expect(refusal(() => planUpload('all', [pdf('a.pdf'), xml('x.xml')], {})).message).toBe(
			'An XML e-invoice cannot be a page of a multi-page document',
		);
	});
});

describe('lostCopyFields and eachOutput', () => {
	it('warns of a second copy after a resend, with the time the first answer was lost', () => {
		const fields = lostCopyFields('R-1.pdf', Date.UTC(2026, 11, 6, 10, 0, 0));
		expect(fields.uploadMayExist).toBe(true);
		expect(fields.uploadWarning).toContain(
			'"R-1.pdf" lost Gini\'s answer at 2026-12-06T10:00:00.000Z',
		);
	});

	it('lists skipped attachments on every item, or says that nothing was uploaded', () => {
		const skipped = [{ binaryField: 'attachment_1', fileName: 'logo.png', reason: 'small image' }];
		const items = eachOutput(
			[{ json: { documentId: 'a' } }, { json: { documentId: 'b' } }],
			skipped,
		);
		expect(items.map((item) => item.json.skippedAttachments)).toEqual([skipped, skipped]);
		expect(items[0].json.skippedAttachments).not.toBe(items[1].json.skippedAttachments);
		expect(eachOutput([], skipped)[0].json).toMatchObject({
			documentId: null,
			payable: false,
			note: 'No attachment was uploaded: the one file was skipped (see skippedAttachments).',
		});
		expect(eachOutput([], [])[0].json.note).toBe(
			'No attachment was uploaded: the item has no files.',
		);
		const alone = [{ json: { documentId: 'a' } }];
		expect(eachOutput(alone, [])).toBe(alone);
	});
});
