// Extracts the readable text of saved HTML pages, one JSON object per file per line.
// Usage: npm run extract -- page.html [more.html ...]

import { readFileSync } from 'node:fs';
import { extractHtml } from '../src/extraction/node';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run extract -- FILE...');
  process.exit(2);
}

for (const file of files) {
  try {
    const page = extractHtml(readFileSync(file, 'utf8'));
    console.log(JSON.stringify({ file, ...page }));
  } catch (error) {
    console.log(JSON.stringify({ file, error: error instanceof Error ? error.message : String(error) }));
    process.exitCode = 1;
  }
}
