// The shared feature scenarios (test/e2e/scenarios/features.ts) in Chromium: the same scenarios the Firefox
// suite runs, so both browsers are held to one description of each feature. (The other Chromium suites go
// further into each feature and its bad inputs.)
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromiumDriven } from '../support/chromium-driven';
import { isChromiumsOwn, startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';
import { featureScenarioTests, popupRenders, setUpFeatureWorld, sidePanelRenders } from './scenarios/features';

// Every request the browser makes goes through a recording proxy, so the suite ends by checking what all
// the features, reading the text in images included, sent and to whom.
let proxy: RecordingProxy | undefined;
const suite = setUpFeatureWorld(async () => {
  proxy = await startRecordingProxy();
  return launchChromiumDriven({ proxy: proxy.url });
});
afterAll(() => proxy?.close());

describe('Chromium: shared scenarios', () => {
  it('renders the side panel', async () => {
    const panel = await sidePanelRenders(suite.world);
    await panel.close();
  });

  it('renders the popup with its quick actions enabled on a web page', async () => {
    await popupRenders(suite.world);
  });

  featureScenarioTests(suite);

  // Runs last: it judges the requests of every scenario above.
  it('talked to no one but the model host and the pages’ own servers, and no request carried what the pages say', async () => {
    const origin = (url: string) => new URL(url).origin;
    const hostOrigin = origin(suite.host.url);
    const ours = [hostOrigin, origin(suite.world.site.url), origin(suite.world.other.url)];
    const seen = proxy!.requests;
    expect(seen.some((request) => request.url.startsWith(`${hostOrigin}/`))).toBe(true);
    expect(seen.filter((request) => !ours.some((allowed) => request.url.startsWith(`${allowed}/`)) && !isChromiumsOwn(request.url))).toEqual([]);
    // Downloads and page loads only: no request had a body, and none named the pages' words or the text in their images.
    expect(seen.filter((request) => request.body !== '' && !isChromiumsOwn(request.url))).toEqual([]);
    const pageWords = /Cavendish|herbaceous|Dinner|salad|M%C3%BCnchen|München|Gr%C3%BC|Grüße/i;
    expect(seen.filter((request) => pageWords.test(request.url) || pageWords.test(request.body))).toEqual([]);
  });
});
