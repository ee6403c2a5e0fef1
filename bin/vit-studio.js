#!/usr/bin/env node
'use strict';
// The CLI is bundled by `npm run build` into dist/main/cli.js.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'main', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('vit-studio: not built yet. Run `npm run build` first.\n');
  process.exit(2);
}
require(entry).run();
