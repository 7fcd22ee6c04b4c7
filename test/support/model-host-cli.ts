/**
 * Serves models in Hub layout on loopback, for trying the extension by hand:
 *   npx tsx test/support/model-host-cli.ts [root] [port]
 * Builds the fixture models into `root` first (default test/fixtures/models/build/); it only
 * adds its own `nano-banana-fixtures/` folder there, so a root holding other models is fine.
 */
import { access, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildFixtureModels, DEFAULT_FIXTURES_DIR } from '../fixtures/models/build-lib';
import { startModelHost } from './model-host';

const root = resolve(process.argv[2] || DEFAULT_FIXTURES_DIR);
const port = Number(process.argv[3] || 0);

await buildFixtureModels(root);
const host = await startModelHost({ root, port });

console.log(`Model host on ${host.url} serving ${root}`);
for (const org of await readdir(root, { withFileTypes: true })) {
  if (!org.isDirectory() || org.name.startsWith('.')) continue;
  for (const repo of await readdir(resolve(root, org.name), { withFileTypes: true })) {
    const id = `${org.name}/${repo.name}`;
    const isModel = await access(resolve(root, id, 'config.json')).then(() => true, () => false);
    if (isModel) console.log(`  ${id}  ->  ${host.url}/${id}/resolve/main/config.json`);
  }
}
console.log(`transformers.js: env.remoteHost = '${host.url}/'; env.remotePathTemplate = '{model}/resolve/{revision}/'`);
console.log('Ctrl+C to stop.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void host.close().then(() => process.exit(0)));
}
