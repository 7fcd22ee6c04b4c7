import { describe, expect, it } from 'vitest';
import { cleanRewrite, createStreamingCleaner } from './clean';

const INPUT = 'hey can we move the meeting to friday? thx';
const REWRITE = 'Would it be possible to move the meeting to Friday? Thank you.';

/** [what the model wrote, what cleanRewrite must return], all for INPUT. */
const WRAPPED_OUTPUTS: Array<[string, string]> = [
  [`Here is the rewritten text:\n\n${REWRITE}`, REWRITE],
  [`Sure! Here's a more formal version:\n\n${REWRITE}`, REWRITE],
  [`Rewritten text:\n${REWRITE}`, REWRITE],
  [`Rewritten text: ${REWRITE}`, REWRITE],
  [`**Rewritten text:**\n\n${REWRITE}`, REWRITE],
  [`**Revised version (more formal):** ${REWRITE}`, REWRITE],
  [`Certainly! Below is a more formal version of your text:\n\n"${REWRITE}"`, REWRITE],
  [`Sure, here's the corrected text:\n\n“${REWRITE}”`, REWRITE],
  [`Of course. Here is a more formal version.\n\n${REWRITE}`, REWRITE],
  [`Sure!\n\n${REWRITE}`, REWRITE],
  [`Sure!\nHere you go:\n${REWRITE}`, REWRITE],
  [`Here's a shorter version: "${REWRITE}"`, REWRITE],
  [`"${REWRITE}"`, REWRITE],
  [`'${REWRITE}'`, REWRITE],
  [`«${REWRITE}»`, REWRITE],
  [`« ${REWRITE} »`, REWRITE],
  [`„${REWRITE}“`, REWRITE],
  [`\`\`\`\n${REWRITE}\n\`\`\``, REWRITE],
  [`\`\`\`text\n${REWRITE}\n\`\`\``, REWRITE],
  [`Here is the rewritten text:\n\`\`\`\n${REWRITE}\n\`\`\``, REWRITE],
  [`<text>\n${REWRITE}\n</text>`, REWRITE],
  [`${REWRITE}\n</text>`, REWRITE],
  [`${REWRITE}\n\nLet me know if you'd like any further changes!`, REWRITE],
  [`${REWRITE}\n\nI hope this helps!`, REWRITE],
  [`${REWRITE}\nLet me know if you want me to adjust the tone.`, REWRITE],
  [`${REWRITE}\n\nNote: I kept the original meaning while making the tone more formal.`, REWRITE],
  [`${REWRITE}\n\n(Note: I've changed "thx" to "Thank you".)`, REWRITE],
  [`${REWRITE}\n\n---\n\n**Note:** The rewritten text uses a more professional tone.`, REWRITE],
  [`${REWRITE}\n\nChanges made:\n- Capitalized "Friday"\n- Replaced "thx" with "Thank you"`, REWRITE],
  [`${REWRITE}\n\nChanges made:\n\n- Capitalized "Friday"\n- Replaced "thx" with "Thank you"`, REWRITE],
  [
    `Sure! Here's a more formal version:\n\n"${REWRITE}"\n\nI've made the tone more professional. Let me know if you need anything else!`,
    REWRITE,
  ],
  [`Shorter version:\n${REWRITE}`, REWRITE],
  [`The corrected sentence is: "${REWRITE}"`, REWRITE],
  [`OK, here is the text with the spelling fixed:\n\n${REWRITE}`, REWRITE],
  [`Here is the rewritten text:\r\n\r\n${REWRITE}\r\n`, REWRITE],
  [`  ${REWRITE}   \n\n`, REWRITE],
];

describe('cleanRewrite', () => {
  it.each(WRAPPED_OUTPUTS)('cleans %j', (output, expected) => {
    expect(cleanRewrite(output, INPUT)).toBe(expected);
  });

  it.each([
    ['French', 'Voici une version plus formelle :\n\nPourriez-vous déplacer la réunion à vendredi ?', 'Pourriez-vous déplacer la réunion à vendredi ?'],
    ['French label', 'Texte réécrit : Pourriez-vous déplacer la réunion ?', 'Pourriez-vous déplacer la réunion ?'],
    ['Spanish', 'Aquí está el texto reescrito:\n\n¿Podemos mover la reunión al viernes?', '¿Podemos mover la reunión al viernes?'],
    ['German', 'Hier ist der umgeschriebene Text:\n\nKönnen wir das Meeting auf Freitag verschieben?', 'Können wir das Meeting auf Freitag verschieben?'],
    ['Italian', 'Ecco il testo riscritto:\nPossiamo spostare la riunione a venerdì?', 'Possiamo spostare la riunione a venerdì?'],
    ['French commentary', 'Pourriez-vous déplacer la réunion ?\n\nN’hésitez pas à me demander d’autres modifications du texte.', 'Pourriez-vous déplacer la réunion ?'],
  ])('strips %s preambles and commentary', (_language, output, expected) => {
    expect(cleanRewrite(output, 'on peut bouger la réunion ?')).toBe(expected);
  });

  it('keeps paragraph breaks, inner blank lines included, and trims trailing spaces', () => {
    const output = 'Here is the rewritten text:\r\n\r\nDear Anna,  \r\n\r\n\r\nThank you for your message.\t\r\nBest regards,\r\nTom  ';
    expect(cleanRewrite(output, 'hi anna\n\nthx\nTom')).toBe(
      'Dear Anna,\n\n\nThank you for your message.\nBest regards,\nTom',
    );
  });

  describe('leaves the user’s own words alone', () => {
    it.each([
      ['a rewrite that starts like a preamble the input also had', 'Sure, I can come on Friday.', 'sure i can come friday'],
      ['"Sure!" alone when it is the whole rewrite', 'Sure!', 'yes'],
      ['a greeting line', 'Certainly not.\n\nWe will not move the meeting.', 'certainly not. not moving it'],
      ['a heading ending with a colon', 'Agenda:\n- Budget\n- Hiring', 'agenda:\n- budget\n- hiring'],
      ['a label the input had', 'Revised schedule:\n\nMonday to Friday.', 'Revised schedule:\n\nmon-fri'],
      ['quotes the input had', '"To be or not to be," he said.', '"to be or not to be" he said'],
      ['quotes that do not wrap everything', '"Hi," she said. "Bye."', 'hi she said. bye'],
      ['an email closing that looks like commentary', 'Please let me know if you have any questions.\n\nBest,\nTom', 'any questions, ping me\n\nTom'],
      ['an ordinary last line that starts like commentary', 'The draft is attached.\nLet me know if you need further information.', 'draft attached'],
      ['commentary words the input had', 'The plan is ready.\n\nNote: the text is final and will not change.', 'plan is ready.\n\nnote: text is final, no changes'],
      ['a code block the input had', '```\nconst a = 1;\n```', '```\nconst a=1\n```'],
      ['times and URLs with colons', 'The call is at 10:30 on https://example.com.', 'call 10:30 https://example.com'],
      ['a sentence starting with Here', 'Here are the results of the survey.\n\nMost people liked it.', 'results of survey: most liked it'],
    ])('keeps %s', (_case, output, input) => {
      expect(cleanRewrite(output, input)).toBe(output);
    });
  });

  it('returns an empty string when the model only chattered', () => {
    expect(cleanRewrite('Here is the rewritten text:', INPUT)).toBe('');
    expect(cleanRewrite('   \n  ', INPUT)).toBe('');
  });
});

/** Feeds `output` in chunks of `size` characters; returns what was shown after each chunk, and the final text. */
function stream(output: string, input: string, size: number): { shown: string[]; final: string } {
  const cleaner = createStreamingCleaner(input);
  const shown: string[] = [];
  for (let i = 0; i < output.length; i += size) shown.push(cleaner.push(output.slice(i, i + size)));
  return { shown, final: cleaner.flush() };
}

describe('createStreamingCleaner', () => {
  it.each(WRAPPED_OUTPUTS)('ends exactly like cleanRewrite for %j', (output) => {
    for (const size of [1, 3, 7, 1000]) {
      expect(stream(output, INPUT, size).final).toBe(cleanRewrite(output, INPUT));
    }
  });

  it.each(WRAPPED_OUTPUTS)('never shows wrappers of %j', (output) => {
    for (const size of [1, 2, 5]) {
      for (const shown of stream(output, INPUT, size).shown) {
        expect(shown).not.toMatch(/here|sure|rewritten|revised|let me know|hope|note|changes made|```|<\/?t|^["'“„«]/i);
      }
    }
  });

  it('holds back a possible preamble until it is one, then drops it', () => {
    const cleaner = createStreamingCleaner(INPUT);
    expect(cleaner.push('Here')).toBe('');
    expect(cleaner.push(' is the rewritten')).toBe('');
    expect(cleaner.push(' text:')).toBe('');
    expect(cleaner.push('\n\nWould it')).toBe('Would it');
    expect(cleaner.push(' be possible')).toBe('Would it be possible');
  });

  it('shows text at once when it clearly does not start with a preamble', () => {
    const cleaner = createStreamingCleaner(INPUT);
    expect(cleaner.push('Would')).toBe('Would');
    expect(cleaner.push(' it be')).toBe('Would it be');
  });

  it('shows a first line that started like a preamble once it turns out not to be one', () => {
    const cleaner = createStreamingCleaner(INPUT);
    expect(cleaner.push('Here is')).toBe('');
    expect(cleaner.push(' what we decided.\nThe meeting')).toBe('Here is what we decided.\nThe meeting');
  });

  it('shows inline code at the start at once: only a line that may open a fence is held back', () => {
    const cleaner = createStreamingCleaner(INPUT);
    expect(cleaner.push('`')).toBe('');
    expect(cleaner.push('npm` is')).toBe('`npm` is');
  });

  it('holds back a line that may be trailing commentary, and drops it at the end', () => {
    const cleaner = createStreamingCleaner(INPUT);
    cleaner.push(`${REWRITE}\n\nLet me`);
    expect(cleaner.push(' know if')).toBe(REWRITE);
    expect(cleaner.push(' you want other changes.')).toBe(REWRITE);
    expect(cleaner.flush()).toBe(REWRITE);
  });

  it('shows what it held back when the text was not commentary after all', () => {
    const output = 'Dear Anna,\n\nLet me know if you can come.';
    const { shown, final } = stream(output, 'anna, can u come?', 4);
    expect(final).toBe(output);
    expect(shown.at(-1)).toBe('Dear Anna,');
  });

  it('shows quoted text without its opening quote while streaming', () => {
    const { shown, final } = stream(`"${REWRITE}"`, INPUT, 5);
    expect(shown.at(-1)).toBe(REWRITE);
    expect(final).toBe(REWRITE);
  });

  it('only ever shows prefixes of the final text for ordinary outputs', () => {
    for (const output of WRAPPED_OUTPUTS.map(([raw]) => raw)) {
      const { shown, final } = stream(output, INPUT, 2);
      for (const text of shown) expect(final.startsWith(text)).toBe(true);
    }
  });
});
