// Whether a built extension carries the test hooks (src/test-hooks.ts), compiled in only when built
// with NANO_BANANA_TEST_BUILD=1.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The name the hooks go by on `globalThis`; minifiers keep it. */
export const TEST_HOOKS = 'nanoBananaTestHooks';

/** The built extension's scripts. */
export function builtScripts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?js$/.test(file))
    .map((file) => join(dir, file));
}

/** The storage key of the engine's test knobs (src/test-hooks.ts), which the engine reads only in test builds. */
const TEST_ENGINE_KNOBS = 'testEngineKnobs';

/** The built extension's scripts that mention the test hooks or the engine's test knobs. */
export function scriptsWithTestHooks(dir: string): string[] {
  return builtScripts(dir).filter((file) => {
    const text = readFileSync(file, 'utf8');
    return text.includes(TEST_HOOKS) || text.includes(TEST_ENGINE_KNOBS);
  });
}
