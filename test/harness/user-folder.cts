// Imported first by index.cts. Under jest, test/setup/env.cjs has already pointed N8N_USER_FOLDER
// at a temp folder; a script run with tsx gets the same treatment here, before n8n-core is loaded
// and writes its encryption key into the user folder (docs/n8n-notes.md §5.2).
if (!process.env.N8N_USER_FOLDER) require('../setup/env.cjs');
