// Jest `setupFiles` module: runs in every test file's sandbox before any test module is loaded.
//
// n8n-core writes an encryption key into `$N8N_USER_FOLDER/.n8n/config` the first time it is
// imported (InstanceSettings) and keeps binary data under `$N8N_USER_FOLDER/.n8n/storage`, so the
// folder must point somewhere disposable before anything requires n8n-core (n8n-conventions.md §5.2).
// One folder per worker process: files in the same worker share it, and it is removed on exit.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const userFolder = path.join(os.tmpdir(), `n8n-nodes-gini-pay-test-${process.pid}`);
fs.mkdirSync(userFolder, { recursive: true });

process.env.N8N_USER_FOLDER = userFolder;

// Every test file re-runs this module in the same worker; register the cleanup only once.
const CLEANUP = 'removeN8nTestUserFolder';
if (!process.listeners('exit').some((listener) => listener.name === CLEANUP)) {
	const cleanup = {
		[CLEANUP]() {
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	}[CLEANUP];
	process.on('exit', cleanup);
}
