// The product's features end to end, as shared scenarios: each takes a DrivenExtension (Chromium or
// Firefox) already pointed at the loopback model host, and servers for the pages. Expected texts come from
// the fixture models' rules and the features' own prompt builders, never written out.
import { afterAll, beforeAll, expect } from 'vitest';
import { cleanRewrite } from '../../../src/features/rewrite/clean';
import { rewriteMessages } from '../../../src/features/rewrite/prompts';
import type { ToneId } from '../../../src/features/rewrite/tones';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID, expectedEchoAnswer } from '../../fixtures/models/build-lib';
import type { DrivenExtension, DrivenPage } from '../../support/driven';
import { startModelHost, type ModelHost } from '../../support/model-host';
import { startPageServer, type PageServer } from '../../support/page-server';
import { altFor, solidPng } from '../../support/colours';
import { alertsIn, clickMenuItem, configureModels, finishedText, openWebPage, regionState } from './steps';

export interface FeatureWorld {
  extension: DrivenExtension;
  /** The pages' own site. */
  site: PageServer;
  /** Another origin, serving images without CORS headers. */
  other: PageServer;
}

/**
 * The world a browser's feature suite runs in, set up around its `beforeAll`/`afterAll`: the fixture models on a
 * loopback model host, the pages' site and another origin, and the launched extension configured to use them.
 */
export function setUpFeatureWorld<E extends DrivenExtension>(launch: () => Promise<E>): { readonly world: FeatureWorld & { extension: E }; readonly host: ModelHost } {
  let world: (FeatureWorld & { extension: E }) | undefined;
  let host: ModelHost | undefined;
  beforeAll(async () => {
    await buildFixtureModels();
    host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
    const site = await startPageServer();
    const other = await startPageServer('127.0.0.2');
    const extension = await launch();
    world = { extension, site, other };
    await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID });
  });
  afterAll(async () => {
    await world?.extension.close();
    await Promise.all([host?.close(), world?.site.close(), world?.other.close()]);
  });
  return {
    get world() {
      return world!;
    },
    get host() {
      return host!;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Surfaces

export async function sidePanelRenders({ extension }: FeatureWorld): Promise<DrivenPage> {
  const panel = await extension.openPage('sidepanel.html');
  await expect.poll(() => panel.evaluate(() => document.querySelector('h1')?.textContent)).toBe('Nano Banana');
  const names = await panel.evaluate(() => [...document.querySelectorAll('button')].map((button) => button.textContent?.trim()));
  expect(names).toEqual(expect.arrayContaining(['Summarize page', 'Rewrite', 'Generate alt text']));
  expect(await panel.evaluate(() => document.querySelector('[role="region"][aria-label="Summary"]') !== null)).toBe(true);
  expect(await panel.evaluate(() => [...document.querySelectorAll('label')].some((label) => label.textContent?.trim() === 'Text to rewrite'))).toBe(true);
  return panel;
}

export async function popupRenders({ extension, site }: FeatureWorld): Promise<void> {
  site.route('/popup-target.html', { body: '<!doctype html><title>Popup target</title><p>A page for the popup.</p>' });
  const { page, tabId } = await openWebPage(extension, `${site.url}/popup-target.html`);
  const popup = await extension.openPage(`popup.html?tabId=${tabId}`);
  const buttons = () =>
    popup.evaluate(() => [...document.querySelectorAll('button')].map((button) => [button.textContent?.trim(), button.disabled] as const));
  // On a web page both quick actions are enabled.
  await expect.poll(buttons).toEqual(expect.arrayContaining([['Summarize this page', false], ['Generate alt text', false]]));
  await popup.close();
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// Summarize

export const ARTICLE = `<!doctype html><html lang="en"><head><title>The secret life of bananas</title></head><body>
<nav><a href="/">Home</a> · <a href="/fruit">Fruit</a></nav>
<article>
<h1>The secret life of bananas</h1>
<ul>
<li>Bananas are botanically berries while strawberries are not.</li>
<li>Most exported bananas belong to the Cavendish variety.</li>
<li>Wild bananas are full of hard seeds.</li>
</ul>
<p>Bananas grow in clusters called hands, hanging from giant herbaceous plants that are often mistaken for trees.</p>
<p>The plant is technically an herb, and each stem fruits only once before it withers and new shoots take over.</p>
${Array.from({ length: 8 }, (_, i) => `<p>Paragraph ${i + 1} of the history explains how plantations in tropical countries changed trade routes, diets and economies over many decades of cultivation.</p>`).join('\n')}
</article>
<footer>Footer links and copyright</footer>
</body></html>`;

/** "Summarize page" in the side panel: the page's own sentences at once, then the model's answer from the page's text. */
export async function summarizePage({ extension, site }: FeatureWorld, onModelSlowed?: () => void): Promise<void> {
  site.route('/article.html', { body: ARTICLE });
  onModelSlowed?.();
  const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
  const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
  await panel.click({ role: 'tab', name: 'Summarize' });
  await panel.selectOption({ label: 'Style' }, 'Key points');
  await panel.evaluate(() => {
    const w = window as unknown as { summaries: string[] };
    w.summaries = [];
    new MutationObserver(() => {
      const summary = document.querySelector('[aria-label="Summary"]')?.textContent ?? '';
      if (summary && w.summaries.at(-1) !== summary) w.summaries.push(summary);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await panel.click({ role: 'button', name: 'Summarize page' });
  const summary = await finishedText(panel, '[role="region"][aria-label="Summary"]');
  expect(await alertsIn(panel)).toEqual([]);
  const seen = await panel.evaluate(() => (window as unknown as { summaries: string[] }).summaries);
  // First the page's own sentences (the quick summary), later the model's upper-cased echo of the page's text.
  expect(seen[0]).toMatch(/Bananas grow in clusters called hands/);
  expect(seen[0]).not.toMatch(/BANANAS GROW/);
  expect(summary).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
  expect(summary).not.toContain('FOOTER LINKS');
  // The page's list came back as key points, each linked to its passage.
  const links = await panel.evaluate(() => document.querySelectorAll('button[aria-label="Show in page"]').length);
  expect(links).toBeGreaterThanOrEqual(3);
  await panel.close();
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// Rewrite

/** What the card must show for `text` rewritten in `tone`: the fixture's answer to our prompt, cleaned. */
export function expectedRewrite(text: string, tone: ToneId): string {
  const [, user] = rewriteMessages(text, tone);
  return cleanRewrite(expectedEchoAnswer(user!.content), text);
}

const SENTENCE = 'the banana committee met on tuesday and agreed to ship the new crates before the end of the month';
const CARD = 'nano-banana-card';
const CARD_OUTPUT = '[role="region"][aria-label="Rewritten text"]';

/** Waits for the card's rewrite, checks it is the expected one, and clicks Replace. */
async function rewriteAndReplace(extension: DrivenExtension, page: DrivenPage, tabId: number, selected: string, tone: ToneId): Promise<string> {
  await clickMenuItem(extension, tabId, { menuItemId: `rewrite:${tone}`, pageUrl: await page.url() });
  const rewritten = await finishedText(page, CARD_OUTPUT);
  expect(await alertsIn(page)).toEqual([]);
  expect(rewritten).toBe(expectedRewrite(selected, tone));
  // The answer depends on the selected words (the fixture echoes them in capitals).
  expect(rewritten).toContain(selected.toUpperCase().slice(0, 20));
  await page.click({ role: 'button', name: 'Replace', within: CARD });
  return rewritten;
}

/** Rewrite from the context menu, Replace, then Ctrl+Z, in a textarea and in a contenteditable. */
export async function rewriteReplaceAndUndo({ extension, site }: FeatureWorld): Promise<void> {
  const before = 'Dear team,\n\n';
  const after = '\n\nBest regards';
  const areaValue = `${before}${SENTENCE}${after}`;
  const editorHtml = `<p>Keep this line.</p><p>rewrite <b>these bold</b> and <i>italic</i> words please</p><p>And keep this one.</p>`;
  site.route('/compose.html', {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Compose</title></head><body>
      <textarea id="area" rows="6" cols="80">${areaValue}</textarea>
      <div id="editor" contenteditable="true">${editorHtml}</div></body></html>`,
  });
  const { page, tabId } = await openWebPage(extension, `${site.url}/compose.html`);

  // Textarea.
  await page.evaluate(
    ([start, end]) => {
      const area = document.getElementById('area') as HTMLTextAreaElement;
      area.focus();
      area.setSelectionRange(start, end);
    },
    [areaValue.indexOf(SENTENCE), areaValue.indexOf(SENTENCE) + SENTENCE.length] as const,
  );
  let rewritten = await rewriteAndReplace(extension, page, tabId, SENTENCE, 'formal');
  const areaValueNow = () => page.evaluate(() => (document.getElementById('area') as HTMLTextAreaElement).value);
  expect(await areaValueNow()).toBe(`${before}${rewritten}${after}`);
  await page.click({ css: '#area' });
  await page.press('Control+z');
  expect(await areaValueNow()).toBe(areaValue);

  // Contenteditable, the selection crossing bold and italic text.
  const selected = 'these bold and italic words';
  await page.evaluate((wanted) => {
    const root = document.getElementById('editor')!;
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((node) => node.data).join('');
    const from = whole.indexOf(wanted);
    const locate = (offset: number, preferNext: boolean): [Text, number] => {
      let seen = 0;
      for (const node of nodes) {
        const end = seen + node.data.length;
        if (offset < end || (offset === end && !preferNext)) return [node, offset - seen];
        seen = end;
      }
      return [nodes.at(-1)!, nodes.at(-1)!.data.length];
    };
    root.focus();
    const range = document.createRange();
    range.setStart(...locate(from, true));
    range.setEnd(...locate(from + wanted.length, false));
    getSelection()!.removeAllRanges();
    getSelection()!.addRange(range);
  }, selected);
  rewritten = await rewriteAndReplace(extension, page, tabId, selected, 'casual');
  const editorText = () => page.evaluate(() => document.getElementById('editor')!.innerText);
  // As typing over a selection does, the new text takes the place of the selection; the rest stays.
  expect((await editorText()).replaceAll('\u00a0', ' ')).toBe(`Keep this line.\n\nrewrite ${rewritten} please\n\nAnd keep this one.`);
  await page.evaluate(() => document.getElementById('editor')!.focus());
  await page.press('Control+z');
  expect(await page.evaluate(() => document.getElementById('editor')!.innerHTML)).toBe(editorHtml);
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// Alt text


/** "Generate alt text" in the side panel for a same-origin and a cross-origin (no CORS) image. */
export async function altTextSameAndCrossOrigin({ extension, site, other }: FeatureWorld): Promise<void> {
  expect(new URL(other.url).origin).not.toBe(new URL(site.url).origin);
  site.route('/red.png', { body: await solidPng('red'), type: 'image/png' });
  other.route('/green.png', { body: await solidPng('green', 72), type: 'image/png' });
  site.route('/pictures.html', {
    body: `<!doctype html><html><head><title>Pictures</title></head><body><h1>Pictures</h1>
      <img id="same" src="/red.png" width="64" height="64">
      <img id="cross" src="${other.url}/green.png" width="72" height="72"></body></html>`,
  });
  const { page, tabId } = await openWebPage(extension, `${site.url}/pictures.html`);
  await expect.poll(() => page.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0))).toBe(true);
  const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
  await page.bringToFront();
  await panel.click({ role: 'tab', name: 'Alt text' });
  await panel.click({ role: 'button', name: 'Generate alt text' });
  const progress = () =>
    panel.evaluate(() =>
      [...document.querySelectorAll('[role="status"]')].map((status) => status.textContent?.trim() ?? '').find((text) => / of \d+ images$/.test(text)),
    );
  await expect.poll(progress, { timeout: 90_000 }).toBe('2 of 2 images');
  expect(await alertsIn(panel)).toEqual([]);
  const alts = await page.evaluate(() => ['same', 'cross'].map((id) => document.getElementById(id)!.getAttribute('alt')));
  expect(alts).toEqual([altFor('red'), altFor('green')]);
  await panel.close();
  await page.close();
}

// ---------------------------------------------------------------------------------------------
// Engine

/** Rewrites `text` in the side panel's pad and returns what the "Rewritten text" region shows when done. */
export async function rewriteInPanel(panel: DrivenPage, text: string): Promise<string> {
  await panel.click({ role: 'tab', name: 'Rewrite' });
  await panel.fill({ label: 'Text to rewrite' }, text);
  await panel.click({ role: 'button', name: 'Rewrite' });
  const shown = await finishedText(panel, CARD_OUTPUT, 90_000);
  const problems = await alertsIn(panel);
  if (problems.length > 0) throw new Error(`The rewrite failed: ${problems.join(' ')}`);
  return shown.trim();
}

/** First use: the model downloads with a progress bar counting real bytes, then answers. */
export async function firstUseDownload(extension: DrivenExtension): Promise<void> {
  const panel = await extension.openPage('sidepanel.html');
  await panel.evaluate((label) => {
    const w = window as unknown as { progressSeen: string[] };
    w.progressSeen = [];
    new MutationObserver(() => {
      for (const bar of document.querySelectorAll('progress')) {
        const name = document.getElementById(bar.getAttribute('aria-labelledby') ?? '')?.textContent;
        const text = bar.getAttribute('aria-valuetext') ?? '';
        if (name === label && w.progressSeen.at(-1) !== text) w.progressSeen.push(text);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, `Downloading ${ECHO_CHAT_ID}`);
  const text = 'please send the banana report by friday';
  const shown = await rewriteInPanel(panel, text);
  expect(shown).toContain('PLEASE SEND THE BANANA REPORT BY FRIDAY');
  const seen = await panel.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((entry) => / of /.test(entry))).toBe(true);
  await panel.close();
}

export { regionState };
