// Jest `setupFiles` module: loads Mozilla's pdf.js (the emulator's PDF reader, test/emulator/analysis/pdfjs.cts)
// into the jest worker's own Node module cache before any test module runs. Loading takes seconds; done here it
// happens once per worker, outside every test's timeout, and each later test file finds it loaded.
// `createRequire` gives Node's require (jest's own would load it again for every test file); Node 24 requires
// ES modules such as pdf.js. The worker module first: it registers itself as `globalThis.pdfjsWorker`, which
// pdf.js then uses in the same thread instead of importing it on the first document.
'use strict';

const { createRequire } = require('node:module');

const nodeRequire = createRequire(__filename);
nodeRequire('pdfjs-dist/legacy/build/pdf.worker.mjs');
nodeRequire('pdfjs-dist/legacy/build/pdf.mjs');
