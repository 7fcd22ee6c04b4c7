// Chrome's built-in AI in the real extension (Chromium), through the fake of its Prompt, Summarizer and
// Rewriter APIs (test/support/fake-builtin-ai.ts) that test builds install in the options page and the engine
// host where a test asks (its states in the extension's localStorage): no test browser has Gemini Nano.
// Chosen in Options as a person would; the Summarizer waits for the Download click, meanwhile the Prompt API
// writes the summary; after the click the Summarizer and the Rewriter answer from the page's own text; alt text
// comes from the Prompt API's image input; each result says which API answered; a computer where the built-in
// AI cannot run gets a clear message; a browser without it (globals gone) answers with its own model, and says so.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captionToAltText } from '../../src/features/alt-text/caption-text';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { launchChromiumDriven, type ChromiumDrivenExtension } from '../support/chromium-driven';
import { rgb, solidPng } from '../support/colours';
import { setStoredSettings } from '../support/extension';
import { FAKE_BUILTIN_AI_KEY, fakeImageAnswer, fakeRewrite, type FakeApiName, type FakeState } from '../support/fake-builtin-ai';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';
import { ARTICLE } from './scenarios/features';
import { alertsIn, finishedText, openWebPage } from '../support/steps';

let extension: ChromiumDrivenExtension;
let site: PageServer;

beforeAll(async () => {
  site = await startPageServer();
  site.route('/article.html', { body: ARTICLE });
  extension = await launchChromiumDriven();
});

afterAll(async () => {
  await extension?.close();
  await site?.close();
});

/** The Options page, with the fake's states as given (the extension's pages share its localStorage). */
async function optionsWith(states: Partial<Record<FakeApiName, FakeState>>): Promise<Page> {
  const options = await extension.loaded.openPage('options.html');
  await options.evaluate(({ key, value }) => localStorage.setItem(key, value), { key: FAKE_BUILTIN_AI_KEY, value: JSON.stringify(states) });
  await options.reload();
  return options;
}

function fakeState(options: Page, name: FakeApiName): Promise<FakeState | undefined> {
  return options.evaluate(({ key, name }) => JSON.parse(localStorage.getItem(key) ?? '{}')[name], { key: FAKE_BUILTIN_AI_KEY, name });
}

/** Summarizes the article in the side panel: the summary, the answered-by line and the alerts. */
async function summarizeArticle(): Promise<{ summary: string; answeredBy: string; alerts: string[] }> {
  const { page, tabId } = await openWebPage(extension, `${site.url}/article.html`);
  const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
  await panel.click({ role: 'tab', name: 'Summarize' });
  await panel.selectOption({ label: 'Style' }, 'Key points');
  await panel.selectOption({ label: 'Length' }, 'Medium');
  await panel.click({ role: 'button', name: 'Summarize page' });
  const summary = await finishedText(panel, '[role="region"][aria-label="Summary"]');
  const answeredBy = await panel.evaluate(() => [...document.querySelectorAll('.nb-hint')].map((hint) => hint.textContent ?? '').find((text) => text.startsWith('Answered by')) ?? '');
  const alerts = await alertsIn(panel);
  await panel.close();
  await page.close();
  return { summary, answeredBy, alerts };
}

/** Rewrites `text` in the side panel's Rewrite tab with `tone`. */
async function rewriteInPanel(text: string, tone: string): Promise<{ rewritten: string; answeredBy: string }> {
  const panel = await extension.openPage('sidepanel.html');
  await panel.click({ role: 'tab', name: 'Rewrite' });
  await panel.fill({ label: 'Text to rewrite' }, text);
  await panel.selectOption({ label: 'Tone' }, tone);
  await panel.click({ role: 'button', name: 'Rewrite' });
  const rewritten = (await finishedText(panel, '[role="region"][aria-label="Rewritten text"]')).trim();
  expect(await alertsIn(panel)).toEqual([]);
  const answeredBy = await panel.evaluate(() => [...document.querySelectorAll('.nb-hint')].map((hint) => hint.textContent ?? '').find((text) => text.startsWith('Answered by')) ?? '');
  await panel.close();
  return { rewritten, answeredBy };
}

describe("Chrome's built-in AI, chosen in Options", () => {
  it('summarizes with the Prompt API until the Summarizer is downloaded by a click, then with the Summarizer', async () => {
    const options = await optionsWith({ LanguageModel: 'available', 'LanguageModel+image': 'available', Summarizer: 'downloadable', Rewriter: 'available' });
    await options.getByLabel('Run models on', { exact: true }).selectOption({ label: "Chrome's built-in AI" });
    const section = options.getByRole('region', { name: "Chrome's built-in AI" });
    await expect.poll(() => section.getByRole('status').innerText()).toMatch(/Summarizer and Rewriter need a download of their own, after you click/);

    // Before the click: the Prompt API answers (its answer echoes the prompt, page text included), and no download starts.
    const before = await summarizeArticle();
    expect(before.alerts).toEqual([]);
    expect(before.summary).toContain('BANANAS GROW IN CLUSTERS CALLED HANDS');
    expect(before.answeredBy).toBe("Answered by Chrome's built-in AI (Gemini Nano), Prompt API.");
    expect(await fakeState(options, 'Summarizer')).toBe('downloadable');

    await options.getByRole('button', { name: "Download Chrome's model" }).click();
    await expect.poll(() => section.getByRole('status').innerText()).toBe("Chrome's model is ready.");
    expect(await fakeState(options, 'Summarizer')).toBe('available');
    expect(await options.getByRole('button', { name: "Download Chrome's model" }).count()).toBe(0);

    // The Summarizer's answer: its type and length, then the page's first sentence in lower case.
    const after = await summarizeArticle();
    expect(after.alerts).toEqual([]);
    expect(after.summary).toContain('key-points, medium: ');
    expect(after.summary).toContain('bananas are botanically berries while strawberries are not.');
    expect(after.answeredBy).toBe("Answered by Chrome's built-in AI (Gemini Nano), Summarizer API.");
    await options.close();
  });

  it('rewrites with the Rewriter for the tones it has, and with the Prompt API for the others', async () => {
    const text = 'please send the banana report by friday and keep the crates dry';
    const formal = await rewriteInPanel(text, 'More formal');
    expect(formal.rewritten).toBe(fakeRewrite(text, { tone: 'more-formal', length: 'as-is' }));
    expect(formal.answeredBy).toBe("Answered by Chrome's built-in AI (Gemini Nano), Rewriter API.");
    const shorter = await rewriteInPanel(text, 'Shorter');
    expect(shorter.rewritten).toBe(fakeRewrite(text, { tone: 'as-is', length: 'shorter' }));
    // Simpler words are not a tone of the Rewriter's: the Prompt API echoes the prompt's text in capitals.
    const simpler = await rewriteInPanel(text, 'Simpler');
    expect(simpler.rewritten).toContain(text.toUpperCase());
    expect(simpler.answeredBy).toBe("Answered by Chrome's built-in AI (Gemini Nano), Prompt API.");
  });

  it("describes an image with the Prompt API's image input", async () => {
    const options = await optionsWith({ LanguageModel: 'available', 'LanguageModel+image': 'available' });
    await setStoredSettings(extension.loaded, { runOn: 'builtin', imagesRunOn: 'same' });
    site.route('/orange.png', { body: await solidPng('orange'), type: 'image/png' });
    site.route('/one-picture.html', { body: '<!doctype html><title>One picture</title><img id="one" src="/orange.png" width="64" height="64">' });
    const pictures = await openWebPage(extension, `${site.url}/one-picture.html`);
    const panel = await extension.openPage(`sidepanel.html?tabId=${pictures.tabId}`);
    await pictures.page.bringToFront();
    await panel.click({ role: 'tab', name: 'Alt text' });
    await panel.click({ role: 'button', name: 'Generate alt text' });
    // The fake answers with the image's mean colour, as it reached the Prompt API.
    const expected = captionToAltText(fakeImageAnswer(rgb('orange')));
    await expect.poll(() => pictures.page.evaluate(() => document.getElementById('one')!.getAttribute('alt')), { timeout: 120_000 }).toBe(expected);
    await expect.poll(() => panel.evaluate(() => document.body.innerText)).toContain("Answered by Chrome's built-in AI (Gemini Nano), Prompt API.");
    expect(await alertsIn(panel)).toEqual([]);
    await panel.close();
    await pictures.page.close();
    await options.close();
  });

  it('says what to do where the built-in AI cannot run on this computer', async () => {
    const options = await optionsWith({ LanguageModel: 'unavailable', Summarizer: 'unavailable', Rewriter: 'unavailable' });
    const section = options.getByRole('region', { name: "Chrome's built-in AI" });
    await expect.poll(() => section.getByRole('status').innerText()).toBe("Chrome's built-in AI cannot run on this computer: choose another engine.");
    const { alerts, answeredBy } = await summarizeArticle();
    expect(alerts.join(' ')).toMatch(/Chrome's built-in AI cannot write text on this computer\. Choose "This browser" or "A model server" in Options\./);
    expect(answeredBy).toBe('');
    await options.evaluate((key) => localStorage.removeItem(key), FAKE_BUILTIN_AI_KEY);
    await options.close();
  });
});

describe("Chrome's built-in AI chosen, then gone from the browser", () => {
  let host: ModelHost;
  beforeAll(async () => {
    await buildFixtureModels();
    host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  });
  afterAll(() => host?.close());

  it("summarizes with this browser's model instead, and says so", async () => {
    // Chosen in Options while Chrome had it; then the browser lost it (another profile, a Chrome without Gemini Nano).
    const options = await optionsWith({ LanguageModel: 'available', 'LanguageModel+image': 'available', Summarizer: 'available', Rewriter: 'available' });
    await options.getByLabel('Run models on', { exact: true }).selectOption({ label: "Chrome's built-in AI" });
    // The page stores the choice over what it reads then: wait until it says so, or its write could land after
    // ours and put the default host back (runOn may already be 'builtin' from the tests above, so watch the page).
    await expect.poll(() => options.getByText('Saved. Changes apply to the next request.').isVisible(), { timeout: 10_000 }).toBe(true);
    await setStoredSettings(extension.loaded, { modelHost: host.url, textModel: ECHO_CHAT_ID, downloadConsent: [ECHO_CHAT_ID] });
    await options.evaluate(({ key, value }) => localStorage.setItem(key, value), {
      key: FAKE_BUILTIN_AI_KEY,
      value: JSON.stringify({ LanguageModel: 'absent', 'LanguageModel+image': 'absent', Summarizer: 'absent', Rewriter: 'absent' }),
    });
    const { summary, answeredBy, alerts } = await summarizeArticle();
    expect(alerts).toEqual([]);
    expect(summary.trim()).not.toBe('');
    expect(answeredBy).toBe(`Answered by ${ECHO_CHAT_ID} in this browser: Chrome's built-in AI, chosen in Options, is not available here.`);
    // The in-browser model answered: it came from the model host.
    expect(host.requests.some((request) => request.path.startsWith(`/${ECHO_CHAT_ID}/resolve/main/`))).toBe(true);
    await options.evaluate((key) => localStorage.removeItem(key), FAKE_BUILTIN_AI_KEY);
    await options.close();
  });
});
