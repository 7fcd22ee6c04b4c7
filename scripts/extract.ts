// Extracts the readable text of saved HTML pages, one JSON object per file per line.
// Usage: npm run extract -- page.html [more.html ...]
//        npm run extract -- --explain page.html   every block of the page, kept or dropped, and why
//        npm run extract -- --chromium ...        in headless Chromium, with its layout, as the extension reads
//                                                 (else in Node: linkedom, inline and simple <style> rules only)
// Files are decoded as a browser would: byte-order mark, else UTF-8 if valid, else the declared charset.

import { readFileSync } from 'node:fs';
import { decodeHtml } from '../src/extraction/devset';
import type { ExtractedPage, Explanation } from '../src/extraction/extract';
import { extractPage } from '../src/extraction/extract';
import { parseHtmlDocument } from '../src/extraction/node';
import type { PageExtraction } from '../test/support/extraction-page';

const OPTIONS = ['--explain', '--chromium'];
const args = process.argv.slice(2);
const explain = args.includes('--explain');
const files = args.filter((arg) => !OPTIONS.includes(arg));
if (files.length === 0) {
  console.error('usage: npm run extract -- [--explain] [--chromium] FILE...');
  process.exit(2);
}

// Chromium and its driver are loaded only when asked for.
const browser = args.includes('--chromium') ? await (await import('../test/support/extraction-page')).openExtractionBrowser({ asExtension: true }) : null;
for (const file of files) {
  try {
    const html = decodeHtml(readFileSync(file));
    const page = browser
      ? withoutBrowserFields(await browser.extract(html, { explain }))
      : extractPage(parseHtmlDocument(html), { computedStyle: false, explain });
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
await browser?.close();

/** The reading alone, as Node prints it. */
function withoutBrowserFields({ ms: _ms, shown: _shown, ...page }: PageExtraction): ExtractedPage {
  return page;
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
