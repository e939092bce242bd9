/**
 * Token acquisitions (bench/README.md): 1 user × N uploads per auth mode (limit 1), and U users × M uploads (limit U,
 * plus the one client token the User Center needs to create the users). Counted twice: the emulator's token
 * grants (what reached Gini's token endpoints) and the node's token cache acquisitions (which also count the JWTs
 * the node signs itself, since JWT mode sends no token request at all).
 */
import { randomUUID } from 'node:crypto';

import { sharedTokenCache } from '../../nodes/GiniPay/shared/tokenCache';
import { startEmulator, type Emulator } from '../../test/emulator/index.cts';
import {
	basicCredential,
	invoiceItems,
	jwtCredential,
	resetTokenCache,
	userCenterCredential,
} from '../../test/integration/gini.cts';
import type { BenchConfig } from './config.cts';
import { atMost, type Figure, type PhaseResult } from './figures.cts';
import { runAll, uploadParameters, type Mode } from './nodeRuns.cts';

const MODES: Array<{ mode: Mode; label: string }> = [
	{ mode: 'basic', label: 'Client credentials (Basic)' },
	{ mode: 'jwt', label: 'JWT signed by the node' },
	{ mode: 'userCenter', label: 'User Center (anonymous users)' },
];

interface Count {
	grants: number;
	clientTokens: number;
	cacheAcquisitions: number;
	uploads: number;
	seconds: number;
}

/** Runs `work` on a cold cache and counts what it acquired. */
async function counted(gini: Emulator, uploads: number, work: () => Promise<void>): Promise<Count> {
	resetTokenCache();
	gini.resetCounters();
	const acquisitionsBefore = sharedTokenCache.acquisitions;
	const started = performance.now();
	await work();
	const grants = gini.counters().tokenGrants;
	return {
		grants: grants.total,
		clientTokens: grants.client_credentials,
		cacheAcquisitions: sharedTokenCache.acquisitions - acquisitionsBefore,
		uploads,
		seconds: (performance.now() - started) / 1000,
	};
}

function credentialFor(gini: Emulator, mode: Mode, user?: { email: string; password: string }) {
	if (mode === 'basic') return basicCredential(gini, { userIdentifier: 'bench-single-user' });
	if (mode === 'jwt') return jwtCredential(gini, { userIdentifier: 'bench-single-user' });
	return userCenterCredential(
		gini,
		user ? { userEmail: user.email, userPassword: user.password } : {},
	);
}

async function createUsers(
	gini: Emulator,
	users: Array<{ email: string; password: string }>,
	concurrency: number,
) {
	await runAll({
		mode: 'userCenter',
		credential: userCenterCredential(gini),
		parameters: {
			resource: 'user',
			operation: 'create',
			email: '={{ $json.email }}',
			password: '={{ $json.password }}',
			requestOptions: { concurrency },
		},
		items: users.map((user) => ({ json: user })),
	});
}

async function oneUser(gini: Emulator, config: BenchConfig, mode: Mode): Promise<Count> {
	const user = { email: `bench-${randomUUID()}@app.example.org`, password: randomUUID() };
	if (mode === 'userCenter') await createUsers(gini, [user], 1);
	const items = await invoiceItems(config.singleUserUploads);
	return await counted(gini, items.length, async () => {
		await runAll({
			mode,
			credential: credentialFor(gini, mode, user),
			parameters: uploadParameters(config.concurrency),
			items,
		});
	});
}

/** Items of many users, interleaved, so each user's first uploads arrive together and share one acquisition. */
async function manyUsers(gini: Emulator, config: BenchConfig, mode: Mode): Promise<Count> {
	const run = randomUUID().slice(0, 8);
	const users = Array.from({ length: config.users }, (_, index) => ({
		user: `bench-${run}-user-${index}`,
		email: `bench-${run}-user-${index}@app.example.org`,
		password: `password-${run}-${index}`,
	}));
	const items = await invoiceItems(
		config.users * config.uploadsPerUser,
		(index) => users[index % users.length],
	);
	const perItemUser =
		mode === 'userCenter'
			? { userEmail: '={{ $json.email }}', userPassword: '={{ $json.password }}' }
			: { userIdentifier: '={{ $json.user }}' };
	return await counted(gini, items.length, async () => {
		// Creating the users is part of the count: it is where the User Center's one client token goes.
		if (mode === 'userCenter') await createUsers(gini, users, config.concurrency);
		await runAll({
			mode,
			credential: credentialFor(gini, mode),
			parameters: uploadParameters(config.concurrency, perItemUser),
			items,
		});
	});
}

function acquisitions(count: Count): number {
	// JWT signing never reaches the emulator; User Center and /login grants are cache acquisitions too.
	return Math.max(count.grants, count.cacheAcquisitions);
}

function figure(section: string, label: string, count: Count, limit: number): Figure {
	const value = acquisitions(count);
	return {
		section,
		name: label,
		value: `${value}`,
		goal: atMost(value, limit),
		note:
			`emulator token grants ${count.grants} (client tokens ${count.clientTokens}), ` +
			`node token cache acquisitions ${count.cacheAcquisitions}; ${count.uploads} uploads in ${count.seconds.toFixed(1)} s`,
	};
}

export async function measureTokens(config: BenchConfig): Promise<PhaseResult> {
	const gini = await startEmulator({ processingMs: 1000 });
	const figures: Figure[] = [];
	const data: Record<string, unknown> = {};
	const bars = [];
	try {
		const single = `Token acquisitions: 1 user × ${config.singleUserUploads} uploads, concurrency ${config.concurrency}, cold cache`;
		for (const { mode, label } of MODES) {
			const count = await oneUser(gini, config, mode);
			figures.push(figure(single, label, count, 1));
			data[`singleUser.${mode}`] = { ...count, limit: 1 };
			bars.push({
				label: `1 user, ${mode}`,
				value: acquisitions(count) / 1,
				pass: acquisitions(count) <= 1,
			});
		}
		const many = `Token acquisitions: ${config.users} users × ${config.uploadsPerUser} uploads, concurrency ${config.concurrency}, cold cache`;
		for (const { mode, label } of MODES) {
			const count = await manyUsers(gini, config, mode);
			const limit = config.users + (mode === 'userCenter' ? 1 : 0);
			figures.push(figure(many, label, count, limit));
			data[`manyUsers.${mode}`] = { ...count, users: config.users, limit };
			bars.push({
				label: `${config.users} users, ${mode}`,
				value: acquisitions(count) / limit,
				pass: acquisitions(count) <= limit,
			});
		}
	} finally {
		await gini.stop();
	}
	return {
		figures,
		data,
		chart: [
			{ title: 'Token acquisitions ÷ limit (at most 1)', bars, goal: { value: 1, label: 'limit' } },
		],
	};
}
