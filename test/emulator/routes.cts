// The route tables of both listeners. Route keys in the counters are `<METHOD> <template>`.
import { login } from './auth.cts';
import type { Handler, Route } from './context.cts';
import {
	deleteDocument,
	getDocument,
	getProcessed,
	listPages,
	requireDocument,
} from './documents.cts';
import {
	deleteLabel,
	getExtraction,
	getExtractions,
	putLabel,
	submitFeedback,
} from './feedback.cts';
import { HttpError } from './http.cts';
import { listDocuments } from './listing.cts';
import { getPageImage } from './pages.cts';
import {
	getPayment,
	getPaymentRequest,
	listPaymentRequests,
	resolvePaymentRequest,
} from './paymentRequests.cts';
import { uploadDocument } from './upload.cts';
import { checkToken, createUser, getUser, token } from './userCenter.cts';

/** The emulator computes no layout (docs/gini-api.md §4.7 documents this 404 message). */
const getLayout: Handler = async (ctx) => {
	requireDocument(ctx);
	throw new HttpError(404, 'The requested layout is invalid');
};

function authenticated(method: string, template: string, handler: Handler): Route {
	return { method, template, handler, authenticated: true };
}

export const PAY_API_ROUTES: Route[] = [
	// /login authenticates by itself: it accepts client credentials only, never a token.
	{ method: 'POST', template: '/login', handler: login },
	authenticated('GET', '/documents', listDocuments),
	authenticated('POST', '/documents', uploadDocument),
	authenticated('GET', '/documents/{id}', getDocument),
	authenticated('DELETE', '/documents/{id}', deleteDocument),
	authenticated('GET', '/documents/{id}/extractions', getExtractions),
	// Feedback: PUT or POST on both paths (docs/gini-api.md §4.6).
	authenticated('PUT', '/documents/{id}/extractions', submitFeedback),
	authenticated('POST', '/documents/{id}/extractions', submitFeedback),
	authenticated('PUT', '/documents/{id}/extractions/feedback', submitFeedback),
	authenticated('POST', '/documents/{id}/extractions/feedback', submitFeedback),
	authenticated('GET', '/documents/{id}/extractions/{label}', getExtraction),
	authenticated('PUT', '/documents/{id}/extractions/{label}', putLabel),
	authenticated('DELETE', '/documents/{id}/extractions/{label}', deleteLabel),
	authenticated('GET', '/documents/{id}/layout', getLayout),
	authenticated('GET', '/documents/{id}/pages', listPages),
	authenticated('GET', '/documents/{id}/pages/{page}/{size}', getPageImage),
	authenticated('GET', '/documents/{id}/processed', getProcessed),
	authenticated('GET', '/paymentRequests', listPaymentRequests),
	authenticated('GET', '/paymentRequests/{id}', getPaymentRequest),
	authenticated('POST', '/paymentRequests/{id}/payment', resolvePaymentRequest),
	authenticated('GET', '/paymentRequests/{id}/payment', getPayment),
];

export const USER_CENTER_ROUTES: Route[] = [
	// The docs use GET, the current Android SDK POST (docs/gini-api.md §3.1).
	{ method: 'GET', template: '/oauth/token', handler: token },
	{ method: 'POST', template: '/oauth/token', handler: token },
	{ method: 'GET', template: '/oauth/check_token', handler: checkToken },
	{ method: 'POST', template: '/api/users', handler: createUser },
	{ method: 'GET', template: '/api/users/{id}', handler: getUser },
];
