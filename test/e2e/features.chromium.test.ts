// The shared feature scenarios (test/e2e/scenarios/features.ts) in Chromium: the same scenarios the Firefox
// suite runs, so both browsers are held to one description of each feature. (The other Chromium suites go
// further into each feature and its bad inputs.)
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildFixtureModels, COLOR_CAPTIONER_ID, DEFAULT_FIXTURES_DIR, ECHO_CHAT_ID } from '../fixtures/models/build-lib';
import { launchChromiumDriven, type ChromiumDrivenExtension } from '../support/chromium-driven';
import { startModelHost, type ModelHost } from '../support/model-host';
import { startPageServer, type PageServer } from '../support/page-server';
import {
  altTextSameAndCrossOrigin,
  popupRenders,
  rewriteReplaceAndUndo,
  sidePanelRenders,
  summarizePage,
  type FeatureWorld,
} from './scenarios/features';
import { configureModels } from './scenarios/steps';

let extension: ChromiumDrivenExtension;
let host: ModelHost;
let site: PageServer;
let other: PageServer;
let world: FeatureWorld;

beforeAll(async () => {
  await buildFixtureModels();
  host = await startModelHost({ root: DEFAULT_FIXTURES_DIR });
  site = await startPageServer();
  other = await startPageServer('127.0.0.2');
  extension = await launchChromiumDriven();
  world = { extension, site, other };
  await configureModels(extension, { modelHost: host.url, textModel: ECHO_CHAT_ID, imageModel: COLOR_CAPTIONER_ID });
});

afterAll(async () => {
  await extension?.close();
  await Promise.all([host?.close(), site?.close(), other?.close()]);
});

describe('Chromium: shared scenarios', () => {
  it('renders the side panel', async () => {
    const panel = await sidePanelRenders(world);
    await panel.close();
  });

  it('renders the popup with its quick actions enabled on a web page', async () => {
    await popupRenders(world);
  });

  it('summarizes a page: the quick summary first, then the model’s answer from the page’s text', async () => {
    await summarizePage(world, () => host.setFault(`${ECHO_CHAT_ID}/onnx/model_quantized.onnx`, { delayMs: 1500, times: 1 }));
  });

  it('rewrites from the context menu, replaces and undoes in a textarea and a contenteditable', async () => {
    await rewriteReplaceAndUndo(world);
  });

  it('generates alt text for a same-origin and a cross-origin image', async () => {
    await altTextSameAndCrossOrigin(world);
  });
});
