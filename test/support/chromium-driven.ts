// The Chromium side of the browser-neutral harness (driven.ts): a Chromium launched with the extension
// (extension.ts), seen as a DrivenExtension, so the shared scenarios (test/e2e/scenarios/) run in Chromium too.
import { drivenView } from './chromium-page';
import type { DrivenExtension } from './driven';
import { launchExtension, type LaunchOptions, type LoadedExtension } from './extension';

export interface ChromiumDrivenExtension extends DrivenExtension {
  browserName: 'chromium';
  loaded: LoadedExtension;
}

export async function launchChromiumDriven(options: LaunchOptions = {}): Promise<ChromiumDrivenExtension> {
  const loaded = await launchExtension(options);
  return { ...drivenView(loaded), browserName: 'chromium', loaded };
}
