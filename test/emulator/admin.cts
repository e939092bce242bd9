// Admin routes outside Gini's paths, on both listeners: counters, counter reset, token revocation.
// They are not counted and never faulted, so they can observe a run without changing it.
import type { EmulatorState } from './context.cts';
import type { Reply } from './http.cts';

export const ADMIN_PREFIX = '/__emulator/';

export function adminReply(state: EmulatorState, method: string, path: string): Reply {
	const route = `${method} ${path}`;
	switch (route) {
		case 'GET /__emulator/counters':
			return { status: 200, json: state.counters.snapshot() };
		case 'POST /__emulator/reset-counters':
			state.counters.reset();
			return { status: 200, json: { reset: true } };
		case 'POST /__emulator/revoke-tokens':
			return { status: 200, json: { revoked: state.tokens.revokeAll() } };
		default:
			return { status: 404, json: { message: `No admin route ${route}` } };
	}
}
