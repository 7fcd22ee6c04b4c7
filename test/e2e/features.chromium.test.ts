// The shared feature scenarios (test/e2e/scenarios/features.ts) in Chromium: the same scenarios the Firefox
// suite runs, so both browsers are held to one description of each feature. (The other Chromium suites go
// further into each feature and its bad inputs.)
import { describe, it } from 'vitest';
import { launchChromiumDriven } from '../support/chromium-driven';
import { featureScenarioTests, popupRenders, setUpFeatureWorld, sidePanelRenders } from './scenarios/features';

const suite = setUpFeatureWorld(() => launchChromiumDriven());

describe('Chromium: shared scenarios', () => {
  it('renders the side panel', async () => {
    const panel = await sidePanelRenders(suite.world);
    await panel.close();
  });

  it('renders the popup with its quick actions enabled on a web page', async () => {
    await popupRenders(suite.world);
  });

  featureScenarioTests(suite);
});
