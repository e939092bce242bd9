/**
 * The registry this project installs from lacks some platform builds of `unrs-resolver` (a dependency of the
 * linter), so `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock as out of
 * sync. This adds the missing optional entries (with their os/cpu, so npm skips them on other platforms).
 * Run after `npm install` changed the lock: `npx tsx scripts/fix-lockfile.cts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PLATFORMS: Record<string, [string, string, string?]> = {
	'android-arm-eabi': ['android', 'arm'],
	'android-arm64': ['android', 'arm64'],
	'darwin-arm64': ['darwin', 'arm64'],
	'darwin-x64': ['darwin', 'x64'],
	'freebsd-x64': ['freebsd', 'x64'],
	'linux-arm-gnueabihf': ['linux', 'arm', 'glibc'],
	'linux-arm-musleabihf': ['linux', 'arm', 'musl'],
	'linux-loong64-gnu': ['linux', 'loong64', 'glibc'],
	'linux-loong64-musl': ['linux', 'loong64', 'musl'],
	'linux-ppc64-gnu': ['linux', 'ppc64', 'glibc'],
	'linux-riscv64-gnu': ['linux', 'riscv64', 'glibc'],
	'linux-riscv64-musl': ['linux', 'riscv64', 'musl'],
	'linux-s390x-gnu': ['linux', 's390x', 'glibc'],
	'openharmony-arm64': ['openharmony', 'arm64'],
	'win32-arm64-msvc': ['win32', 'arm64'],
	'win32-ia32-msvc': ['win32', 'ia32'],
	'win32-x64-msvc': ['win32', 'x64'],
};

const path = join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(path, 'utf8')) as {
	packages: Record<string, Record<string, unknown>>;
};
const resolver = lock.packages['node_modules/unrs-resolver'];
const version = String(resolver?.version ?? '');
let added = 0;
for (const [name, [os, cpu, libc]] of Object.entries(PLATFORMS)) {
	const key = `node_modules/@unrs/resolver-binding-${name}`;
	if (!version || lock.packages[key]) continue;
	// The keys in the order npm writes them, so that a later `npm install` leaves the entry as it is.
	lock.packages[key] = {
		version,
		cpu: [cpu],
		dev: true,
		...(libc ? { libc: [libc] } : {}),
		license: 'MIT',
		optional: true,
		os: [os],
	};
	added++;
}
const sorted = Object.fromEntries(
	Object.entries(lock.packages).sort(([a], [b]) =>
		a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0,
	),
);
writeFileSync(path, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(
	`package-lock.json: added ${added} optional platform entries for unrs-resolver ${version}`,
);
