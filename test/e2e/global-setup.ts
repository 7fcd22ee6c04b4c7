// Before the end-to-end tests: Chromium present, the extension built (npm test builds it first), and the
// fixture models built for the loopback model host.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildFixtureModels } from '../fixtures/models/build-lib';
import { findChromium } from '../support/chromium';
import { EXTENSION_DIR } from '../support/extension';

export default async function setup() {
  findChromium();
  await buildFixtureModels();
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension in ${EXTENSION_DIR}: run \`npm run build\` first (npm test does).`);
  }
}
