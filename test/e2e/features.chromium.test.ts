// The shared feature scenarios (test/e2e/scenarios/features.ts) in Chromium: the same scenarios the Firefox
// suite runs, so both browsers are held to one description of each feature. (The other Chromium suites go
// further into each feature and its bad inputs.)
import { describe, it } from 'vitest';
import { ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { launchChromiumDriven } from '../support/chromium-driven';
import {
  altTextReadsText,
  altTextSummarizesLongText,
  autoAltTextBadgeAndList,
  altTextEveryImageAxe,
  altTextSameAndCrossOrigin,
  popupRenders,
  rewriteReplaceAndUndo,
  sidePanelRenders,
  summarizePage,
  setUpFeatureWorld,
} from './scenarios/features';

const suite = setUpFeatureWorld(() => launchChromiumDriven());

describe('Chromium: shared scenarios', () => {
  it('renders the side panel', async () => {
    const panel = await sidePanelRenders(suite.world);
    await panel.close();
  });

  it('renders the popup with its quick actions enabled on a web page', async () => {
    await popupRenders(suite.world);
  });

  it('summarizes a page: the quick summary first, then the model’s answer from the page’s text', async () => {
    await summarizePage(suite.world, () => suite.host.setFault(`${ECHO_CHAT_ID}/onnx/model_quantized.onnx`, { delayMs: 1500, times: 1 }));
  });

  it('rewrites from the context menu, replaces and undoes in a textarea and a contenteditable', async () => {
    await rewriteReplaceAndUndo(suite.world, `Answered by ${ECHO_CHAT_ID} in this browser.`);
  });

  it('generates alt text for a same-origin and a cross-origin image', async () => {
    await altTextSameAndCrossOrigin(suite.world);
  });

  it('says what an image says, read by the OCR model shipped in the extension', async () => {
    await altTextReadsText(suite.world);
  });

  // A summary (which stores the text model) and then alt text: longer than one feature's run.
  it('says a long text in an image in short with the stored text model, and keeps all of it', async () => {
    await altTextSummarizesLongText(suite.world);
  }, 240_000);

  // The first caption may download the captioner when this test runs alone.
  it('describes images in view automatically on a chosen site: the badge, the side panel list with Undo, and Turn off', async () => {
    await autoAltTextBadgeAndList(suite.world);
  }, 240_000);

  it('leaves nothing for a screen reader to stumble on in a page of twenty mixed images: axe finds image violations before, none after', async () => {
    await altTextEveryImageAxe(suite.world);
  });
});
