// Writes the sample documents to test/fixtures/files. Deterministic: re-running yields byte-identical files.
// Usage: npx tsx scripts/generate-fixtures.cts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildFixtureFiles } from '../test/fixtures/build.cts';

const directory = join(__dirname, '..', 'test', 'fixtures', 'files');
mkdirSync(directory, { recursive: true });
void buildFixtureFiles().then((files) => {
	for (const [file, bytes] of files) {
		writeFileSync(join(directory, file), bytes);
		console.log(`${file}\t${bytes.length} bytes`);
	}
});
