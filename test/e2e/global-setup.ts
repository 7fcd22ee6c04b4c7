// Before the end-to-end tests: Chromium present, the extension built (npm test builds it first), and the
// fixture models built for the loopback model host.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureModels } from '../fixtures/models/build-lib';
import { findChromium } from '../support/chromium';
import { EXTENSION_DIR } from '../support/extension';
import { findFirefox, FIREFOX_EXTENSION_DIR } from '../support/firefox';
import { scriptsWithTestHooks } from '../support/test-build';

export default async function setup() {
  findChromium();
  findFirefox();
  await buildFixtureModels();
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first (npm test does).`);
  }
  if (scriptsWithTestHooks(EXTENSION_DIR).length === 0) {
    throw new Error(`${EXTENSION_DIR} is a production build: the tests need a test build (NANO_BANANA_TEST_BUILD=1 npm run build; npm test does).`);
  }
  if (!existsSync(join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No Firefox build in ${FIREFOX_EXTENSION_DIR}: run \`npm run build:firefox\` first (npm test does).`);
  }
}
