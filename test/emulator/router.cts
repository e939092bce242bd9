// Matches a method and path against route templates such as 'GET /documents/{id}'.
import type { Route } from './context.cts';

export type RouteMatch =
	| { kind: 'route'; route: Route; params: Record<string, string>; routeKey: string }
	| { kind: 'method-not-allowed'; allowed: string[]; routeKey: string }
	| { kind: 'not-found'; routeKey: string };

/** SDKs call `documents/` with a trailing slash (docs/gini-api.md §4.1): treat it as the same path. */
export function normalizePath(pathname: string): string {
	return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname;
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
	const want = template.split('/');
	const have = path.split('/');
	if (want.length !== have.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < want.length; i++) {
		const part = want[i];
		if (part.startsWith('{') && part.endsWith('}')) {
			if (have[i] === '') return undefined;
			try {
				params[part.slice(1, -1)] = decodeURIComponent(have[i]);
			} catch {
				return undefined;
			}
		} else if (part !== have[i]) {
			return undefined;
		}
	}
	return params;
}

/** Literal templates win over parameterised ones (e.g. `/extractions/feedback` over `/{label}`). */
function specificity(template: string): number {
	return template.split('/').filter((part) => part.startsWith('{')).length;
}

export class Router {
	private readonly routes: Route[];

	constructor(routes: Route[]) {
		this.routes = [...routes].sort((a, b) => specificity(a.template) - specificity(b.template));
	}

	match(method: string, pathname: string): RouteMatch {
		const path = normalizePath(pathname);
		const allowed: string[] = [];
		let template: string | undefined;
		for (const route of this.routes) {
			const params = matchTemplate(route.template, path);
			if (!params) continue;
			// The first (most specific) template that fits the path owns it, whatever the method.
			template ??= route.template;
			if (route.template !== template) continue;
			if (route.method === method) {
				return { kind: 'route', route, params, routeKey: `${method} ${route.template}` };
			}
			allowed.push(route.method);
		}
		if (template) {
			return { kind: 'method-not-allowed', allowed, routeKey: `${method} ${template}` };
		}
		return { kind: 'not-found', routeKey: `${method} (unknown)` };
	}
}
