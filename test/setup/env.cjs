// Jest `setupFiles` module: runs in every test file's sandbox before any test module is loaded
// (and from test/harness/user-folder.cts when a script uses the harness without jest).
//
// n8n-core writes an encryption key into `$N8N_USER_FOLDER/.n8n/config` the first time it is
// imported (InstanceSettings) and keeps binary data under `$N8N_USER_FOLDER/.n8n/storage`, so the
// folder must point somewhere disposable before anything requires n8n-core (docs/n8n-notes.md §5.2).
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const PREFIX = 'n8n-nodes-gini-pay-test-';

function isAlive(pid) {
	try {
		process.kill(pid, 0); // signal 0 only asks whether the process exists
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

// Jest gives each test file its own `process` object, so an 'exit' listener registered here never
// fires in a worker. Instead, every start removes the folders of workers that have ended.
function removeFoldersOfEndedProcesses() {
	for (const entry of fs.readdirSync(os.tmpdir())) {
		const pid = Number(entry.slice(PREFIX.length));
		if (!entry.startsWith(PREFIX) || !Number.isInteger(pid) || pid === process.pid) continue;
		if (!isAlive(pid)) fs.rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
	}
}

// One folder per process: test files in the same jest worker share it.
const userFolder = path.join(os.tmpdir(), `${PREFIX}${process.pid}`);
if (!fs.existsSync(userFolder)) {
	removeFoldersOfEndedProcesses();
	fs.mkdirSync(userFolder, { recursive: true });
}
process.env.N8N_USER_FOLDER = userFolder;

// Outside jest (a tsx script) `process` is the real one and this does clean up on exit.
process.once('exit', () => fs.rmSync(userFolder, { recursive: true, force: true }));
