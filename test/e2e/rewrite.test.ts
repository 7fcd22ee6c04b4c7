// Rewriting selected text in the real extension, with the echo-chat fixture model behind a loopback model host.
// Menu items are clicked through the background's own click handler (headless Chromium cannot open context
// menus); the card, Replace, Ctrl+Z, the side panel's pad and every bad input are then used as a user would.
// Expected texts come from the feature's own prompt builder and cleaner and the fixture's `expectedEchoAnswer`.
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cleanRewrite } from '../../src/features/rewrite/clean';
import { rewriteMessages } from '../../src/features/rewrite/prompts';
import { TONES, toneLabel, type ToneId } from '../../src/features/rewrite/tones';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR, ECHO_CHAT_CONTEXT_SIZE, ECHO_CHAT_ID, expectedEchoAnswer } from '../fixtures/models/build-lib';
import { clickMenuItem, configureModels, launchExtension, openPageWithContentScript, tabIdShowing, waitForContentScript, type LoadedExtension } from '../support/extension';
import { IN_PAGE_UI_PAUSE_MS } from '../support/driven';
import { focusedElement, inPageCard, recordCardOutputs, recordCardTexts, type ShadowLocator } from '../support/in-page-ui';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';

let extension: LoadedExtension;
let modelHost: ModelHost;
let server: PageServer;
/** Another origin (and site) for the cross-origin frame. */
let frameServer: PageServer;

beforeAll(async () => {
  await buildFixtureModels();
  modelHost = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  server = await startPageServer();
  frameServer = await startPageServer('127.0.0.2');
  extension = await launchExtension();
  await configureModels(extension, { modelHost: modelHost.url, textModel: ECHO_CHAT_ID });
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([modelHost?.close(), server?.close(), frameServer?.close()]);
});

// ---------------------------------------------------------------------------------------------
// Helpers

/** What the card must show for `text` rewritten in `tone`: the fixture's answer to our prompt, cleaned. */
function expectedRewrite(text: string, tone: ToneId, instruction?: string): string {
  const [, user] = rewriteMessages(text, tone, instruction);
  return cleanRewrite(expectedEchoAnswer(user!.content), text);
}

let pageCount = 0;

/** Serves `body` as a fresh page and opens it in a new tab. */
async function openPage(body: string, options: { head?: string; headers?: Record<string, string> } = {}): Promise<Page> {
  const path = `/page-${++pageCount}.html`;
  server.route(path, {
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page ${pageCount}</title>${options.head ?? ''}</head><body>${body}</body></html>`,
    headers: options.headers,
  });
  return (await openPageWithContentScript(extension, `${server.url}${path}`)).page;
}

/** The id of the tab `page` is in. */
function tabIdOfPage(page: Page): Promise<number> {
  return tabIdShowing(extension, page.url());
}

interface TestHooks {
  nanoBananaTestHooks: {
    handleCommand(command: string, tab: { id: number }): Promise<void>;
  };
}

/** Clicks "Rewrite ▸ <tone>" on `page` (in frame `frameId`) through the handler the context menu calls. */
async function clickRewriteMenu(page: Page, tone: ToneId, frameId = 0): Promise<void> {
  const tabId = await tabIdOfPage(page);
  await clickMenuItem(extension, tabId, { menuItemId: `rewrite:${tone}`, frameId, pageUrl: page.url() });
}

/** Presses the "rewrite with the last tone" shortcut, through the handler the commands API calls. */
async function pressRewriteShortcut(page: Page): Promise<void> {
  const tabId = await tabIdOfPage(page);
  await extension.worker.evaluate(
    (tabId) => (self as unknown as TestHooks).nanoBananaTestHooks.handleCommand('rewrite-selection', { id: tabId }),
    tabId,
  );
}

/** A frame's id as the extension knows it: what a real menu click reports in `info.frameId`. */
async function frameIdOf(page: Page, url: string): Promise<number> {
  const tabId = await tabIdOfPage(page);
  return vi.waitFor(
    async () => {
      const frameId = await extension.worker.evaluate(
        async ([tabId, url]) => {
          const results = await chrome.scripting.executeScript({ target: { tabId, allFrames: true }, func: () => location.href });
          return results.find((result) => result.result === url)?.frameId;
        },
        [tabId, url] as const,
      );
      if (frameId === undefined) throw new Error(`No frame shows ${url} yet`);
      return frameId;
    },
    { timeout: 10_000, interval: 100 },
  );
}

function cardIn(scope: Page | Frame): ShadowLocator {
  return inPageCard(scope, 'Rewrite');
}

function outputOf(card: ShadowLocator): ShadowLocator {
  return card.getByRole('region', { name: 'Rewritten text' });
}

/** Waits for the card's rewrite to finish and returns the text it shows. */
async function finishedRewrite(card: ShadowLocator): Promise<string> {
  const output = outputOf(card);
  await expect.poll(() => output.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
  const alert = card.getByRole('alert');
  if (await alert.count()) throw new Error(`The rewrite failed: ${await alert.innerText()}`);
  return (await output.textContent()) ?? '';
}

/** Focuses a field and selects `value.slice(start, end)` in it. */
async function selectInField(scope: Page | Frame, selector: string, start: number, end: number): Promise<void> {
  await scope.locator(selector).evaluate(
    (field: HTMLInputElement | HTMLTextAreaElement, [start, end]) => {
      field.focus();
      field.setSelectionRange(start, end);
    },
    [start, end] as const,
  );
}

/** Selects the first occurrence of `wanted` in the text of `selector` (across element boundaries), focusing it if editable. */
async function selectText(scope: Page | Frame, selector: string, wanted: string): Promise<void> {
  await scope.locator(selector).evaluate((root: HTMLElement, wanted) => {
    const nodes: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
    const whole = nodes.map((node) => node.data).join('');
    const from = whole.indexOf(wanted);
    if (from < 0) throw new Error(`"${wanted}" is not in ${root.localName}`);
    const locate = (offset: number, preferNext: boolean): [Text, number] => {
      let seen = 0;
      for (const node of nodes) {
        const end = seen + node.data.length;
        if (offset < end || (offset === end && !preferNext)) return [node, offset - seen];
        seen = end;
      }
      const last = nodes.at(-1)!;
      return [last, last.data.length];
    };
    if (root.isContentEditable) root.focus();
    const range = document.createRange();
    range.setStart(...locate(from, true));
    range.setEnd(...locate(from + wanted.length, false));
    const selection = getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, wanted);
}

/**
 * "Custom instruction…" asks for the instruction in the side panel (never in the page); the rewrite
 * then appears in the page's card. Opens the panel page the request goes to, as the side panel would.
 */
async function giveCustomInstruction(page: Page, instruction: string, frameId = 0): Promise<void> {
  const tabId = await tabIdOfPage(page);
  const panel = await extension.openPage(`sidepanel.html?tabId=${tabId}`);
  await page.bringToFront();
  await clickRewriteMenu(page, 'custom', frameId);
  const field = panel.getByLabel('Instruction for the selected text');
  await field.fill(instruction);
  await panel.getByRole('button', { name: 'Rewrite selection' }).click();
  await panel.getByText('The rewrite appears next to your selection on the page.').waitFor();
  await panel.close();
}

const SENTENCE = 'the banana committee met on tuesday and agreed to ship the new crates before the end of the month';

// ---------------------------------------------------------------------------------------------

describe('rewrite from the context menu', () => {
  it('streams the model’s answer for the selected words into the card, for every tone', async () => {
    const paragraphs = TONES.map((tone, i) => `paragraph ${i} for ${tone.id}: ${SENTENCE.split(' ').slice(i).join(' ')}.`);
    const page = await openPage(paragraphs.map((text, i) => `<p id="p${i}">${text}</p>`).join(''));
    const snapshots = await recordCardOutputs(page, 'Rewritten text');

    for (const [i, tone] of TONES.entries()) {
      await selectText(page, `#p${i}`, paragraphs[i]!);
      const card = cardIn(page);
      let instruction: string | undefined;
      if (tone.id === 'custom') {
        instruction = 'make it sound like a pirate';
        await giveCustomInstruction(page, instruction);
      } else {
        await clickRewriteMenu(page, tone.id);
      }
      const shown = await finishedRewrite(card);
      expect(shown).toBe(expectedRewrite(paragraphs[i]!, tone.id, instruction));
      // The answer depends on the selected words (the fixture echoes them in capitals).
      expect(shown).toContain(paragraphs[i]!.toUpperCase().slice(0, 30));
      expect(await card.getByRole('heading').innerText()).toBe(tone.id === 'custom' ? `Custom: ${instruction}` : toneLabel(tone.id));
      // Page text cannot be edited: Copy only.
      expect(await card.getByRole('button', { name: 'Copy' }).count()).toBe(1);
      expect(await card.getByRole('button', { name: 'Replace' }).count()).toBe(0);
      const stored = await extension.worker.evaluate(async () => (await chrome.storage.local.get('settings'))['settings']);
      expect((stored as { lastTone?: string }).lastTone).toBe(tone.id);
    }

    // It streamed: each card's output grew through several partial texts, each a start of the final one.
    const cards = await snapshots();
    expect(cards).toHaveLength(TONES.length);
    for (const [i, tone] of TONES.entries()) {
      const final = expectedRewrite(paragraphs[i]!, tone.id, tone.id === 'custom' ? 'make it sound like a pirate' : undefined);
      expect(cards[i]!.length).toBeGreaterThan(2);
      expect(cards[i]!.at(-1)).toBe(final);
      for (const partial of cards[i]!) expect(final.startsWith(partial), JSON.stringify([partial, final])).toBe(true);
    }
    await page.close();
  });

  it('rewrites with the last tone used when the keyboard shortcut is pressed', async () => {
    const page = await openPage(`<p id="first">${SENTENCE}</p><p id="second">the crates are yellow and heavy</p>`);
    await selectText(page, '#first', SENTENCE);
    await clickRewriteMenu(page, 'simpler');
    await finishedRewrite(cardIn(page));
    await page.keyboard.press('Escape');
    await expect.poll(() => cardIn(page).count()).toBe(0);

    await selectText(page, '#second', 'the crates are yellow and heavy');
    await pressRewriteShortcut(page);
    const card = cardIn(page);
    expect(await finishedRewrite(card)).toBe(expectedRewrite('the crates are yellow and heavy', 'simpler'));
    expect(await card.getByRole('heading').innerText()).toBe('Simpler');
    await page.close();
  });

  it('is a keyboard-reachable dialog: focus moves in when the rewrite is ready, Tab reaches every action, Escape closes and gives focus back', async () => {
    const value = `Intro line.\n${SENTENCE}\nLast line.`;
    const page = await openPage(`<textarea id="field" rows="6" cols="80">${value}</textarea>`);
    const start = value.indexOf(SENTENCE);
    await selectInField(page, '#field', start, start + SENTENCE.length);
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    await card.waitFor();
    // While it streams, the user's focus stays where it was; the status line says what is going on.
    expect(await outputOf(card).getAttribute('aria-live')).toBe('polite');
    await finishedRewrite(card);
    expect(await card.getByRole('status').innerText()).toBe('Rewrite ready.');
    await expect.poll(() => focusedElement(page)).toEqual(['button', 'Copy']);

    const reached: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      const [name, label] = await focusedElement(page);
      reached.push(name === 'button' ? label : name);
    }
    expect(reached).toEqual(['Replace', 'select', 'Try another tone', 'Close']);

    await page.keyboard.press('Escape');
    await expect.poll(() => cardIn(page).count()).toBe(0);
    expect(await focusedElement(page)).toEqual(['textarea', value]);
    // Nothing was changed in the page.
    expect(await page.locator('#field').inputValue()).toBe(value);
    await page.close();
  });

  it('stops on request, keeping what was written so far for Copy but never replacing with it, and tries another tone', async () => {
    // Long enough (several parts) that the stream is still going when Stop is clicked.
    const value = Array.from({ length: 120 }, (_, i) => `sentence number ${i} is about bananas and crates.`).join(' ');
    const page = await openPage(`<textarea id="field" rows="6" cols="80">${value}</textarea>`);
    await selectInField(page, '#field', 0, value.length);
    await clickRewriteMenu(page, 'longer');
    const card = cardIn(page);
    const output = outputOf(card);
    await expect.poll(async () => ((await output.textContent()) ?? '').length, { timeout: 60_000 }).toBeGreaterThan(20);
    await card.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => card.getByRole('status').innerText()).toBe('Stopped.');
    const partial = (await output.textContent()) ?? '';
    await page.waitForTimeout(500);
    expect(await output.textContent()).toBe(partial);
    expect(partial.length).toBeLessThan(value.length);
    expect(expectedRewrite(value, 'longer').startsWith(partial)).toBe(true);
    expect(await card.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Replace' }).count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toEqual(['button', 'Copy']);
    expect(await page.locator('#field').inputValue()).toBe(value);

    // Try another tone on the same selection.
    await card.getByLabel('Another tone').selectOption({ label: 'Shorter' });
    await card.getByRole('button', { name: 'Try another tone' }).click();
    expect(await finishedRewrite(card)).toBe(expectedRewrite(value, 'shorter'));
    expect(await card.getByRole('heading').innerText()).toBe('Shorter');
    await page.close();
  });
});

describe('Replace', () => {
  const before = 'Dear team,\n\n';
  const after = '\n\nBest regards';

  it('puts the rewrite in place of the selection in a textarea, an input and a contenteditable; Ctrl+Z restores the original', async () => {
    const textareaValue = `${before}${SENTENCE}${after}`;
    const inputValue = `subject: ${SENTENCE} (draft)`;
    const editorHtml = `<p>Keep this line.</p><p>rewrite <b>these bold</b> and <i>italic</i> words please</p><p>And keep this one.</p>`;
    const page = await openPage(
      `<textarea id="area" rows="6" cols="80">${textareaValue}</textarea>
       <input id="line" type="text" size="80" value="${inputValue}">
       <div id="editor" contenteditable="true">${editorHtml}</div>`,
    );
    // The page's editor listens to input events the way rich editors do.
    await page.evaluate(() => {
      const types: string[] = [];
      Object.assign(window, { editorInputTypes: types });
      document.querySelector('#editor')!.addEventListener('input', (event) => types.push((event as InputEvent).inputType));
    });

    // Textarea, Replace reached by keyboard (Copy has focus, Tab goes to Replace).
    const start = textareaValue.indexOf(SENTENCE);
    await selectInField(page, '#area', start, start + SENTENCE.length);
    await clickRewriteMenu(page, 'formal');
    let card = cardIn(page);
    let rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite(SENTENCE, 'formal'));
    await expect.poll(() => focusedElement(page)).toEqual(['button', 'Copy']);
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toEqual(['button', 'Replace']);
    await page.waitForTimeout(IN_PAGE_UI_PAUSE_MS); // the card takes no action in its first moment in sight
    await page.keyboard.press('Enter');
    expect(await page.locator('#area').inputValue()).toBe(`${before}${rewritten}${after}`);
    expect(await card.getByRole('status').innerText()).toMatch(/^Replaced\. Press Ctrl\+Z/);
    await page.locator('#area').focus();
    await page.keyboard.press('Control+z');
    expect(await page.locator('#area').inputValue()).toBe(textareaValue);

    // Input.
    const inputStart = inputValue.indexOf(SENTENCE);
    await selectInField(page, '#line', inputStart, inputStart + SENTENCE.length);
    await clickRewriteMenu(page, 'grammar');
    card = cardIn(page);
    rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite(SENTENCE, 'grammar'));
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await page.locator('#line').inputValue()).toBe(inputValue.replace(SENTENCE, rewritten));
    await page.locator('#line').focus();
    await page.keyboard.press('Control+z');
    expect(await page.locator('#line').inputValue()).toBe(inputValue);

    // Contenteditable, the selection crossing bold and italic text.
    const selected = 'these bold and italic words';
    await selectText(page, '#editor', selected);
    await clickRewriteMenu(page, 'casual');
    card = cardIn(page);
    rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite(selected, 'casual'));
    await card.getByRole('button', { name: 'Replace' }).click();
    const editor = page.locator('#editor');
    // As typing over a selection does, Chrome gives the new text the style where the selection began and keeps
    // the space after it visible as a no-break space.
    expect((await editor.innerText()).replaceAll('\u00a0', ' ')).toBe(`Keep this line.\n\nrewrite ${rewritten} please\n\nAnd keep this one.`);
    expect(await page.evaluate(() => (window as unknown as { editorInputTypes: string[] }).editorInputTypes)).toEqual(['insertText']);
    await editor.focus();
    await page.keyboard.press('Control+z');
    expect(await editor.evaluate((element) => element.innerHTML)).toBe(editorHtml);
    await page.close();
  });

  it('replaces a selection of several paragraphs in a contenteditable, keeping the paragraphs, and undoes it', async () => {
    const editorHtml = '<p>first paragraph to rewrite</p><p>second paragraph to rewrite</p>';
    const page = await openPage(`<div id="editor" contenteditable="true">${editorHtml}</div>`);
    await selectText(page, '#editor', 'first paragraph to rewritesecond paragraph to rewrite');
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    const rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite('first paragraph to rewrite\n\nsecond paragraph to rewrite', 'formal'));
    await card.getByRole('button', { name: 'Replace' }).click();
    const editor = page.locator('#editor');
    expect((await editor.innerText()).split(/\n+/)).toEqual(rewritten.split(/\n+/));
    await editor.focus();
    await page.keyboard.press('Control+z');
    expect(await editor.evaluate((element) => element.innerHTML)).toBe(editorHtml);
    await page.close();
  });

  it('does not guess when the field was edited or the selection changed after the rewrite was asked for: it says so and offers Copy', async () => {
    const value = `${before}${SENTENCE}${after}`;
    const page = await openPage(
      `<textarea id="area" rows="6" cols="80">${value}</textarea>
       <div id="editor" contenteditable="true"><p>the editor text to rewrite</p></div>`,
    );
    const start = value.indexOf(SENTENCE);
    await selectInField(page, '#area', start, start + SENTENCE.length);
    await clickRewriteMenu(page, 'formal');
    let card = cardIn(page);
    const rewritten = await finishedRewrite(card);
    // The user types at the start of the field meanwhile.
    await page.locator('#area').evaluate((field: HTMLTextAreaElement) => field.setSelectionRange(0, 0));
    await page.locator('#area').focus();
    await page.keyboard.type('Hi! ');
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await card.getByRole('status').innerText()).toBe(
      'The field was edited after you asked for the rewrite, so Replace would have to guess. Copy the rewrite instead.',
    );
    expect(await card.getByRole('button', { name: 'Replace' }).count()).toBe(0);
    await expect.poll(() => focusedElement(page)).toEqual(['button', 'Copy']);
    expect(await page.locator('#area').inputValue()).toBe(`Hi! ${value}`);
    await extension.context.grantPermissions(['clipboard-read'], { origin: server.url });
    await page.waitForTimeout(IN_PAGE_UI_PAUSE_MS);
    await page.keyboard.press('Enter');
    await expect.poll(() => card.getByRole('status').innerText()).toBe('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(rewritten);

    // The page's editor re-renders the same text (as frameworks do): the captured selection is gone.
    await selectText(page, '#editor', 'editor text');
    await clickRewriteMenu(page, 'formal');
    card = cardIn(page);
    await finishedRewrite(card);
    await page.locator('#editor').evaluate((editor) => (editor.innerHTML = '<p>the editor text to rewrite</p>'));
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await card.getByRole('status').innerText()).toMatch(/^The text around your selection changed/);
    expect(await card.getByRole('button', { name: 'Copy' }).count()).toBe(1);
    expect(await page.locator('#editor').innerHTML()).toBe('<p>the editor text to rewrite</p>');
    await page.close();
  });
});

describe('bad input', () => {
  it('asks for a selection when there is none, or only whitespace', async () => {
    const page = await openPage(`<textarea id="area">some text here</textarea><p id="blank">before&nbsp;&nbsp;&nbsp;&nbsp;after</p>`);
    await selectInField(page, '#area', 4, 4);
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    expect(await card.getByRole('alert').innerText()).toBe('Select some text first, then choose Rewrite.');
    await expect.poll(() => focusedElement(page)).toEqual(['button', 'Close']);
    await page.keyboard.press('Escape');
    await expect.poll(() => card.count()).toBe(0);
    expect(await focusedElement(page)).toEqual(['textarea', 'some text here']);

    await page.locator('#area').blur();
    await selectText(page, '#blank', '\u00a0\u00a0\u00a0\u00a0');
    await clickRewriteMenu(page, 'casual');
    expect(await cardIn(page).getByRole('alert').innerText()).toBe('Select some text first, then choose Rewrite.');
    expect(await page.locator('#area').inputValue()).toBe('some text here');
    await page.close();
  });

  it('refuses password fields, shown or hidden, without reading them', async () => {
    const secret = 'correct horse battery staple';
    const page = await openPage(
      `<input id="pw" type="password" value="${secret}"><input id="shown" type="text" autocomplete="current-password" value="${secret}">`,
    );
    for (const selector of ['#pw', '#shown']) {
      await page.locator(selector).focus();
      await page.locator(selector).evaluate((field: HTMLInputElement) => field.select());
      await clickRewriteMenu(page, 'formal');
      const card = cardIn(page);
      expect(await card.getByRole('alert').innerText()).toBe('Nano Banana never reads password, card number or one-time code fields, so it cannot rewrite them.');
      expect(await card.innerText()).not.toContain(secret);
      expect(await card.getByRole('button', { name: 'Copy' }).count()).toBe(0);
      expect(await page.locator(selector).inputValue()).toBe(secret);
      expect(await focusedElement(page)).toEqual(['button', 'Close']);
      await page.keyboard.press('Escape');
      await expect.poll(() => card.count()).toBe(0);
    }
    await page.close();
  });

  it('rewrites a selection inside a cross-origin frame in that frame, by menu and by shortcut', async () => {
    const frameValue = `frame intro. ${SENTENCE}`;
    frameServer.route('/frame.html', {
      body: `<!doctype html><html><body><textarea id="area" rows="6" cols="60">${frameValue}</textarea></body></html>`,
    });
    const page = await openPage(`<p>top page text</p><iframe id="frame" src="${frameServer.url}/frame.html" width="640" height="400"></iframe>`);
    const frame = await vi.waitFor(() => page.frame({ url: `${frameServer.url}/frame.html` }) ?? Promise.reject(new Error('no frame yet')));
    expect(new URL(frame.url()).origin).not.toBe(new URL(page.url()).origin);
    await frame.locator('#area').waitFor();
    const frameId = await frameIdOf(page, frame.url());

    const start = frameValue.indexOf(SENTENCE);
    await selectInField(frame, '#area', start, start + SENTENCE.length);
    await clickRewriteMenu(page, 'formal', frameId);
    const card = cardIn(frame);
    const rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite(SENTENCE, 'formal'));
    expect(await cardIn(page).count()).toBe(0);
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await frame.locator('#area').inputValue()).toBe(frameValue.replace(SENTENCE, rewritten));
    await frame.locator('#area').focus();
    await page.keyboard.press('Control+z');
    expect(await frame.locator('#area').inputValue()).toBe(frameValue);

    // The shortcut does not know the frame: it finds the focused one.
    await card.getByRole('button', { name: 'Close' }).click();
    await selectInField(frame, '#area', 0, 'frame intro.'.length);
    await pressRewriteShortcut(page);
    expect(await finishedRewrite(cardIn(frame))).toBe(expectedRewrite('frame intro.', 'formal'));
    expect(await cardIn(page).count()).toBe(0);
    await page.close();
  });

  it('survives the tab closing or the page navigating mid-rewrite, leaving the user’s text untouched', async () => {
    // Long enough (several parts) to be still streaming when the tab goes away.
    const value = Array.from({ length: 160 }, (_, i) => `line ${i} of the long banana report.`).join(' ');
    const streaming = async (page: Page) => {
      const card = cardIn(page);
      await expect.poll(async () => ((await outputOf(card).textContent()) ?? '').length, { timeout: 60_000 }).toBeGreaterThan(10);
      expect(await outputOf(card).getAttribute('aria-busy')).toBe('true');
    };

    // The tab closes while the rewrite streams.
    let page = await openPage(`<textarea id="area" rows="6" cols="80">${value}</textarea>`);
    await selectInField(page, '#area', 0, value.length);
    await clickRewriteMenu(page, 'longer');
    await streaming(page);
    await page.close();

    // The page navigates away while the rewrite streams; the next page rewrites normally.
    page = await openPage(`<textarea id="area" rows="6" cols="80">${value}</textarea>`);
    await selectInField(page, '#area', 0, value.length);
    await clickRewriteMenu(page, 'longer');
    await streaming(page);
    const next = `${server.url}/page-${pageCount}.html?after`;
    await page.goto(next);
    await waitForContentScript(extension, await tabIdOfPage(page));
    expect(await page.locator('#area').inputValue()).toBe(value);
    await selectInField(page, '#area', 0, 'line 0 of the long banana report.'.length);
    await clickRewriteMenu(page, 'formal');
    expect(await finishedRewrite(cardIn(page))).toBe(expectedRewrite('line 0 of the long banana report.', 'formal'));

    // A single-page app swaps its view (and the field) mid-rewrite: Replace refuses, the new field keeps its text.
    await page.keyboard.press('Escape');
    await selectInField(page, '#area', 0, value.length);
    await clickRewriteMenu(page, 'shorter');
    const card = cardIn(page);
    await streaming(page);
    await page.evaluate((value) => {
      history.pushState({}, '', '?view=2');
      const fresh = document.createElement('textarea');
      fresh.id = 'area';
      fresh.value = value;
      document.querySelector('#area')!.replaceWith(fresh);
    }, value);
    await finishedRewrite(card);
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await card.getByRole('status').innerText()).toBe('The field is gone from the page. Copy the rewrite instead.');
    expect(await page.locator('#area').inputValue()).toBe(value);

    // The extension is still all there.
    const panel = await extension.openPage('sidepanel.html');
    expect(await panel.getByLabel('Text to rewrite').count()).toBe(1);
    await panel.close();
    await page.close();
  });

  it('works and stays styled on a page whose CSP forbids inline styles', async () => {
    const page = await openPage(`<textarea id="area" rows="4" cols="60">${SENTENCE}</textarea>`, {
      headers: { 'Content-Security-Policy': "style-src 'none'" },
    });
    await page.evaluate(() => {
      const violations: string[] = [];
      Object.assign(window, { violations });
      document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    await selectInField(page, '#area', 0, SENTENCE.length);
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    const rewritten = await finishedRewrite(card);
    expect(rewritten).toBe(expectedRewrite(SENTENCE, 'formal'));
    // The adopted stylesheet applies: CSP does not govern constructed stylesheets.
    const look = await card.evaluate((element) => {
      const style = getComputedStyle(element);
      const host = (element.getRootNode() as ShadowRoot).host;
      return {
        background: style.backgroundColor,
        radius: style.borderTopLeftRadius,
        width: element.getBoundingClientRect().width,
        position: getComputedStyle(host).position,
        button: getComputedStyle(element.querySelector('button')!).backgroundColor,
      };
    });
    expect(look).toEqual({ background: 'rgb(255, 253, 245)', radius: '10px', width: 420, position: 'absolute', button: 'rgb(255, 230, 109)' });
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await page.locator('#area').inputValue()).toBe(rewritten);
    expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
    await page.close();
  });

  it('cannot be broken by the page’s styles, and does not change the page’s layout', async () => {
    const hostile = `<style>
      * { color: rgb(255, 0, 0) !important; font-size: 40px !important; position: static !important;
          display: inline !important; opacity: 0.2 !important; margin: 30px !important; }
      button { background: black !important; }
      head, style, title, meta { display: none !important; }
    </style>`;
    const page = await openPage(`<p id="text">${SENTENCE}</p><button id="own">page button</button>`, { head: hostile });
    const layout = () => page.locator('#text, #own').evaluateAll((elements) => elements.map((e) => JSON.stringify(e.getBoundingClientRect())));
    const before = await layout();
    await selectText(page, '#text', SENTENCE);
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    await finishedRewrite(card);
    const look = await card.evaluate((element) => {
      const host = (element.getRootNode() as ShadowRoot).host;
      const style = getComputedStyle(element);
      return {
        color: style.color,
        fontSize: style.fontSize,
        hostPosition: getComputedStyle(host).position,
        hostOpacity: getComputedStyle(host).opacity,
        button: getComputedStyle(element.querySelector('button')!).backgroundColor,
      };
    });
    expect(look).toEqual({ color: 'rgb(29, 29, 31)', fontSize: '15px', hostPosition: 'absolute', hostOpacity: '1', button: 'rgb(255, 230, 109)' });
    expect(await card.isVisible()).toBe(true);
    expect(await layout()).toEqual(before);
    expect(await page.locator('#own').evaluate((button) => getComputedStyle(button).backgroundColor)).toBe('rgb(0, 0, 0)');
    await page.close();
  });

  it('rewrites a selection longer than the model’s context in parts, all of it, and replaces it whole', async () => {
    const paragraphs = Array.from(
      { length: 6 },
      (_, p) =>
        Array.from({ length: 6 }, (_, s) => `paragraph ${p} sentence ${s} tells the long story of the banana crates.`).join(' '),
    );
    const value = paragraphs.join('\n\n');
    expect(new TextEncoder().encode(value).length).toBeGreaterThan(ECHO_CHAT_CONTEXT_SIZE); // one token per byte
    const page = await openPage(`<textarea id="area" rows="10" cols="80">${value}</textarea>`);
    // The part statuses pass quickly on a fast machine: record them rather than poll for each.
    const statuses = await recordCardTexts(page, '[role="status"]');
    await selectInField(page, '#area', 0, value.length);
    await clickRewriteMenu(page, 'formal');
    const card = cardIn(page);
    const rewritten = await finishedRewrite(card);
    const [shown] = await statuses();
    const partStatuses = shown!.filter((text) => text.startsWith('Rewriting part'));
    const parts = Number(/of (\d+)/.exec(partStatuses[0] ?? '')?.[1]);
    expect(parts).toBeGreaterThanOrEqual(2);
    // Every part was announced, in order.
    expect(partStatuses).toEqual(Array.from({ length: parts }, (_, k) => `Rewriting part ${k + 1} of ${parts}…`));
    // Every part was rewritten and the paragraphs kept: with this model that is what one pass over it all would give.
    expect(rewritten).toBe(expectedRewrite(value, 'formal'));
    expect(rewritten.split('\n\n')).toHaveLength(paragraphs.length);
    await card.getByRole('button', { name: 'Replace' }).click();
    expect(await page.locator('#area').inputValue()).toBe(rewritten);
    await page.locator('#area').focus();
    await page.keyboard.press('Control+z');
    expect(await page.locator('#area').inputValue()).toBe(value);
    await page.close();
  });
});

describe('side panel rewrite pad', () => {
  it('rewrites typed text in the chosen tone, with Copy', async () => {
    const panel = await extension.openPage('sidepanel.html');
    const text = 'please find the banana invoice attached\n\nit covers march and april';
    await panel.getByLabel('Text to rewrite').fill(text);
    await panel.getByLabel('Tone').selectOption({ label: 'Shorter' });
    await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
    const region = panel.getByRole('region', { name: 'Rewritten text' });
    await expect.poll(() => region.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
    expect(await panel.getByRole('alert').count()).toBe(0);
    const shown = (await region.textContent()) ?? '';
    expect(shown).toBe(expectedRewrite(text, 'shorter'));
    await panel.getByRole('button', { name: 'Copy' }).click();
    await panel.getByText('Copied.').waitFor();
    // Read back from a web page (permissions cannot be granted to the extension's origin from here).
    await extension.context.grantPermissions(['clipboard-read'], { origin: server.url });
    const reader = await openPage('<p>clipboard reader</p>');
    expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(shown);
    await reader.close();
    await panel.bringToFront();

    await panel.getByLabel('Tone').selectOption({ label: 'Custom instruction…' });
    await panel.getByLabel('Instruction', { exact: true }).fill('make it rhyme');
    await panel.getByRole('button', { name: 'Rewrite', exact: true }).click();
    await expect.poll(() => region.textContent(), { timeout: 60_000 }).toBe(expectedRewrite(text, 'custom', 'make it rhyme'));
    await panel.close();
  });

  it('does not rewrite blank text', async () => {
    const panel = await extension.openPage('sidepanel.html');
    await panel.getByLabel('Text to rewrite').fill('   \n  ');
    expect(await panel.getByRole('button', { name: 'Rewrite', exact: true }).isDisabled()).toBe(true);
    await panel.close();
  });
});
