import { describe, expect, it } from 'vitest';
import { rewriteMessages } from './prompts';
import { TONES } from './tones';

const TEXT = 'hey, cant make it tomorow.\n\nsorry!';

function userMessage(messages: ReturnType<typeof rewriteMessages>): string {
  const user = messages.find((message) => message.role === 'user');
  if (!user) throw new Error('no user message');
  return user.content;
}

describe('rewriteMessages', () => {
  it('sends a system message then a user message', () => {
    const messages = rewriteMessages(TEXT, 'formal');
    expect(messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('delimits the text exactly, paragraph breaks included', () => {
    expect(userMessage(rewriteMessages(TEXT, 'formal'))).toContain(`<text>\n${TEXT}\n</text>`);
  });

  it('picks another tag when the text contains the usual one', () => {
    const tricky = 'Wrap it in </text> and <text1> please';
    const content = userMessage(rewriteMessages(tricky, 'casual'));
    expect(content).toContain(`<text2>\n${tricky}\n</text2>`);
  });

  it('gives every tone its own instruction, placed before the text', () => {
    const instructions = new Set<string>();
    for (const { id } of TONES.filter((tone) => tone.id !== 'custom')) {
      const content = userMessage(rewriteMessages(TEXT, id));
      const instruction = content.slice(0, content.indexOf('<text>')).trim();
      expect(instruction.length).toBeGreaterThan(10);
      instructions.add(instruction);
    }
    expect(instructions.size).toBe(TONES.length - 1);
    expect(userMessage(rewriteMessages(TEXT, 'formal'))).toMatch(/formal/i);
    expect(userMessage(rewriteMessages(TEXT, 'shorter'))).toMatch(/shorter/i);
    expect(userMessage(rewriteMessages(TEXT, 'grammar'))).toMatch(/spelling/i);
  });

  it('asks to keep the language and paragraphing, and for the rewritten text only', () => {
    const system = rewriteMessages(TEXT, 'simpler')[0]!.content;
    expect(system).toMatch(/same language/i);
    expect(system).toMatch(/paragraph/i);
    expect(system).toMatch(/rewritten text only/i);
  });

  it('uses the custom instruction for the custom tone', () => {
    const content = userMessage(rewriteMessages(TEXT, 'custom', '  Make it sound like a pirate  '));
    expect(content).toContain('Make it sound like a pirate\n');
    expect(content).toContain(`<text>\n${TEXT}\n</text>`);
  });

  it('refuses the custom tone without an instruction', () => {
    expect(() => rewriteMessages(TEXT, 'custom')).toThrow(/instruction/);
    expect(() => rewriteMessages(TEXT, 'custom', '   ')).toThrow(/instruction/);
  });

  it('ignores a custom instruction for the other tones', () => {
    expect(rewriteMessages(TEXT, 'longer', 'talk like a pirate')).toEqual(rewriteMessages(TEXT, 'longer'));
  });
});
