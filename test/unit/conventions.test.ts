// The wiring between features and the extension, checked: nothing notices a missed piece otherwise.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { MENU_ITEMS } from '../../src/background/menus';
import { importGraph, REPO_ROOT } from '../support/import-graph';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** The extension's own modules, tests and test-only modules left out. */
const shippedModules = [...importGraph().keys()].filter((file) => !/\.test\.tsx?$|test-|test-support/.test(file));

/** `interface name`, found in `file` or in a module `file` imports it from. */
function findInterface(file: string, name: string): { file: string; found: ts.InterfaceDeclaration } {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest);
  const found = source.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name);
  if (found) return { file, found };
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || !bindings.elements.some((element) => element.name.text === name)) continue;
    const from = path.posix.join(path.posix.dirname(file), (statement.moduleSpecifier as ts.StringLiteral).text);
    return findInterface(`${from}.ts`, name);
  }
  throw new Error(`no interface ${name} in ${file}`);
}

/** Names of the members of `interface name` in `file`, those of the interfaces it extends included. */
function interfaceMembers(file: string, name: string): string[] {
  const { file: where, found } = findInterface(file, name);
  const inherited = (found.heritageClauses ?? []).flatMap((clause) =>
    clause.types.flatMap((type) => interfaceMembers(where, (type.expression as ts.Identifier).text)),
  );
  return [...inherited, ...found.members.map((member) => (member.name as ts.Identifier).text)];
}

const featureFolders = () =>
  readdirSync(path.join(REPO_ROOT, 'src/features'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

/** Every match of `pattern` (its first group) across the shipped modules. */
function occurrences(pattern: RegExp): string[] {
  return shippedModules.flatMap((file) => [...read(file).matchAll(pattern)].map((match) => match[1]!));
}

describe('conventions', () => {
  it('every protocol message has exactly one handler, and every handler a message', () => {
    const messages = interfaceMembers('src/messaging/protocol.ts', 'ProtocolMap');
    expect(messages.length).toBeGreaterThan(10);
    const handled = occurrences(/\bonMessage\(\s*'([^']+)'/g);
    for (const message of messages) expect(handled.filter((name) => name === message), message).toHaveLength(1);
    expect(handled.filter((name) => !messages.includes(name))).toEqual([]);
  });

  it('every menu item has a handler or items under it', () => {
    const ids = MENU_ITEMS.map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of MENU_ITEMS) {
      const parent = MENU_ITEMS.some((child) => child.parentId === item.id);
      expect(Boolean(item.onClick) || parent, item.id).toBe(true);
      if (item.parentId) expect(ids).toContain(item.parentId);
    }
  });

  it('every side-panel request kind has a consumer', () => {
    const kinds = [...read('src/platform/side-panel.ts').matchAll(/kind: '([^']+)'/g)].map((match) => match[1]!);
    expect(kinds.length).toBeGreaterThan(0);
    const consumed = occurrences(/\.kind === '([^']+)'/g);
    for (const kind of new Set(kinds)) expect(consumed, kind).toContain(kind);
  });

  it('every feature declares its background, page and side-panel parts and its settings, and each list names it', () => {
    const features = featureFolders();
    expect(features.length).toBeGreaterThan(0);
    const parts = [
      ['background', 'src/features/background.ts'],
      ['content', 'src/features/content.ts'],
      ['panel', 'src/features/panels.ts'],
      ['settings', 'src/features/settings.ts'],
    ] as const;
    for (const feature of features) {
      for (const [part, list] of parts) {
        expect(read(list), feature).toContain(`from './${feature}/${part}'`);
        expect(read(`src/features/${feature}/${part}.ts`), feature).toContain(`feature: '${feature}'`);
      }
    }
    // Only the lists reach them, so each part starts once, from its entrypoint's loop (settings: from src/settings).
    const graph = importGraph();
    for (const feature of features) {
      for (const [part, list] of parts) {
        const module = `src/features/${feature}/${part}.ts`;
        const importers = [...graph].filter(([file, imports]) => imports.includes(module) && !/\.test\.tsx?$/.test(file)).map(([file]) => file);
        expect(importers, module).toEqual([list]);
      }
    }
    // The settings module knows the features only through their list: no feature's settings are declared there.
    const settingsImports = ['src/settings/settings.ts', 'src/settings/fields.ts'].flatMap((file) => graph.get(file)!);
    expect(settingsImports.filter((module) => module.startsWith('src/features/'))).toEqual(['src/features/settings.ts']);
  });

  it('every feature has its line in the README', () => {
    const features = featureFolders();
    expect(features.length).toBeGreaterThan(0);
    const readme = read('README.md');
    for (const feature of features) expect(readme, feature).toMatch(new RegExp(`\\b${feature}/`));
  });
});
