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

/** Names of the members of `interface name` in `file`. */
function interfaceMembers(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest);
  const found = source.statements.find((statement): statement is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === name);
  if (!found) throw new Error(`no interface ${name} in ${file}`);
  return found.members.map((member) => (member.name as ts.Identifier).text);
}

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

  it('every feature has its line in the README', () => {
    const features = readdirSync(path.join(REPO_ROOT, 'src/features'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(features.length).toBeGreaterThan(0);
    const readme = read('README.md');
    for (const feature of features) expect(readme, feature).toMatch(new RegExp(`\\b${feature}/`));
  });
});
