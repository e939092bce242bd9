// Extractions and feedback ("transfer summary", docs/gini-api.md §4.5-4.6). Feedback is accepted on both
// /extractions and /extractions/feedback, in the legacy `feedback` shape or the `extractions` +
// `compoundExtractions` shape; per-label PUT and DELETE work too. The docs say PUT, the maintained
// SDKs POST: by default both work, and the `feedbackMethods` option serves a Gini that takes only one
// (405 for the other). The docs list 406 for "request headers not set correctly": with strict fidelity
// a Content-Type other than application/vnd.gini.v1+json (the docs' and the SDKs') is 406.
import { validateFeedbackValue } from './analysis/index.cts';
import type { GiniBox, GiniExtraction } from './analysis/index.cts';
import type { Handler, RequestContext } from './context.cts';
import { requireDocument } from './documents.cts';
import { HttpError, PAY_JSON, headerValue, isPlainObject, readJson } from './http.cts';
import { currentExtractions, entityFor } from './processing.cts';
import type { StoredDocument } from './store.cts';

export const getExtractions: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	return { status: 200, json: currentExtractions(ctx.state.store, document) };
};

export const getExtraction: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	const extraction = currentExtractions(ctx.state.store, document).extractions[ctx.params.label];
	if (!extraction) throw new HttpError(404, `No extraction with label ${ctx.params.label}`);
	return { status: 200, json: extraction };
};

interface Correction {
	value: string;
	entity?: string;
	box?: GiniBox;
}

function correctionOf(label: string, raw: unknown): Correction {
	if (!isPlainObject(raw) || typeof raw.value !== 'string') {
		throw new HttpError(400, `Feedback for ${label} needs a string "value"`);
	}
	const correction: Correction = { value: raw.value };
	if (typeof raw.entity === 'string') correction.entity = raw.entity;
	if (isPlainObject(raw.box)) correction.box = raw.box as unknown as GiniBox;
	return correction;
}

function correctionsOf(raw: unknown, key: string): Map<string, Correction> {
	if (!isPlainObject(raw)) throw new HttpError(400, `"${key}" must be an object of labels`);
	return new Map(Object.entries(raw).map(([label, value]) => [label, correctionOf(label, value)]));
}

function compoundOf(raw: unknown): Map<string, Array<Map<string, Correction>>> {
	if (!isPlainObject(raw)) throw new HttpError(400, '"compoundExtractions" must be an object');
	const result = new Map<string, Array<Map<string, Correction>>>();
	for (const [name, rows] of Object.entries(raw)) {
		if (!Array.isArray(rows))
			throw new HttpError(400, `compoundExtractions.${name} must be an array`);
		result.set(
			name,
			rows.map((row) => correctionsOf(row, `compoundExtractions.${name}[]`)),
		);
	}
	return result;
}

/** 422 when any value breaks its label's entity rules; nothing is stored then. */
function validate(corrections: Map<string, Correction>): void {
	for (const [label, correction] of corrections) {
		const problem = validateFeedbackValue(label, correction.value);
		if (problem !== undefined) throw new HttpError(422, `Invalid value for ${label}: ${problem}`);
	}
}

function toExtraction(
	label: string,
	correction: Correction,
	known?: GiniExtraction,
): GiniExtraction {
	const extraction: GiniExtraction = {
		entity: correction.entity ?? entityFor(label, known),
		value: correction.value,
	};
	if (correction.box) extraction.box = correction.box;
	return extraction;
}

function applyAtomic(
	document: StoredDocument,
	corrections: Map<string, Correction>,
	known: Record<string, GiniExtraction>,
): void {
	for (const [label, correction] of corrections) {
		document.feedback.extractions.set(label, toExtraction(label, correction, known[label]));
		document.feedback.removed.delete(label);
	}
}

/** 405 for the method this Gini profile does not take; 406 for a wrong Content-Type in strict fidelity. */
function checkFeedbackRequest(ctx: RequestContext): void {
	const { feedbackMethods, fidelity } = ctx.state;
	const allowed = feedbackMethods === 'both' ? ['PUT', 'POST'] : [feedbackMethods.toUpperCase()];
	if (!allowed.includes(ctx.req.method ?? '')) {
		throw new HttpError(405, `Method ${ctx.req.method} not allowed`, undefined, {
			Allow: allowed.join(', '),
		});
	}
	const contentType = (headerValue(ctx.req, 'content-type') ?? '')
		.split(';')[0]
		.trim()
		.toLowerCase();
	if (fidelity === 'strict' && contentType !== PAY_JSON) {
		throw new HttpError(406, `Feedback needs Content-Type ${PAY_JSON}`);
	}
}

export const submitFeedback: Handler = async (ctx) => {
	checkFeedbackRequest(ctx);
	const document = requireDocument(ctx);
	const body = await readJson(ctx.req);
	if (!isPlainObject(body)) throw new HttpError(400, 'Feedback body must be a JSON object');
	const atomic = new Map<string, Correction>();
	for (const key of ['feedback', 'extractions']) {
		if (body[key] !== undefined)
			for (const entry of correctionsOf(body[key], key)) atomic.set(...entry);
	}
	const compound =
		body.compoundExtractions === undefined ? new Map() : compoundOf(body.compoundExtractions);
	if (body.feedback === undefined && body.extractions === undefined && compound.size === 0) {
		throw new HttpError(
			400,
			'Feedback body needs "feedback", "extractions" or "compoundExtractions"',
		);
	}
	validate(atomic);
	for (const rows of compound.values()) rows.forEach(validate);
	const known = currentExtractions(ctx.state.store, document).extractions;
	applyAtomic(document, atomic, known);
	for (const [name, rows] of compound) {
		document.feedback.compound.set(
			name,
			rows.map((row: Map<string, Correction>) =>
				Object.fromEntries(
					[...row].map(([label, correction]) => [label, toExtraction(label, correction)]),
				),
			),
		);
	}
	return { status: 204 };
};

/** Legacy per-label feedback: `PUT /documents/{id}/extractions/{label}` with `{value}` (§4.6). */
export const putLabel: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	const label = ctx.params.label;
	const correction = correctionOf(label, await readJson(ctx.req));
	validate(new Map([[label, correction]]));
	applyAtomic(
		document,
		new Map([[label, correction]]),
		currentExtractions(ctx.state.store, document).extractions,
	);
	return { status: 204 };
};

/** "Label removal was successful" → 204; an absent label → 404 (§4.6). */
export const deleteLabel: Handler = async (ctx) => {
	const document = requireDocument(ctx);
	const label = ctx.params.label;
	if (!currentExtractions(ctx.state.store, document).extractions[label]) {
		throw new HttpError(404, `No extraction with label ${label}`);
	}
	document.feedback.extractions.delete(label);
	document.feedback.removed.add(label);
	return { status: 204 };
};
