// Extracts the readable text of saved HTML pages, one JSON object per file per line.
// Usage: npm run extract -- page.html [more.html ...]
//        npm run extract -- --explain page.html   every block of the page, kept or dropped, and why
// Files are decoded as a browser would: byte-order mark, else UTF-8 if valid, else the declared charset.

import { readFileSync } from 'node:fs';
import { decodeHtml } from '../src/extraction/devset';
import type { Explanation } from '../src/extraction/extract';
import { extractPage } from '../src/extraction/extract';
import { parseHtmlDocument } from '../src/extraction/node';

const args = process.argv.slice(2);
const explain = args.includes('--explain');
const files = args.filter((arg) => arg !== '--explain');
if (files.length === 0) {
  console.error('usage: npm run extract -- [--explain] FILE...');
  process.exit(2);
}

for (const file of files) {
  try {
    const page = extractPage(parseHtmlDocument(decodeHtml(readFileSync(file))), { computedStyle: false, explain });
    if (explain) {
      printExplanation(file, page.explanation!);
    } else {
      console.log(JSON.stringify({ file, ...page }));
    }
  } catch (error) {
    console.log(JSON.stringify({ file, error: error instanceof Error ? error.message : String(error) }));
    process.exitCode = 1;
  }
}

function printExplanation(file: string, explanation: Explanation): void {
  console.log(`${file}\nchosen: ${explanation.decision}`);
  console.log('KEEP/DROP  kind       words  links  rule  |  text');
  for (const block of explanation.blocks) {
    const text = block.text.replace(/\s+/g, ' ');
    console.log(
      [
        block.kept ? 'KEEP' : 'DROP',
        '     ',
        block.kind.padEnd(10),
        String(block.words).padStart(5),
        block.linkDensity.toFixed(2).padStart(6),
        ' ',
        block.rule,
        ' | ',
        text.length > 100 ? `${text.slice(0, 99)}…` : text,
      ].join(''),
    );
  }
}
