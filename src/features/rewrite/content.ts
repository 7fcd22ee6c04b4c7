// Rewrite in the page: the in-page card that rewrites the selection and replaces it.
import { onMessage } from '../../messaging/protocol';
import type { ContentContribution } from '../feature';
import { startRewriteCard } from './in-page';
import { isToneId, MAX_INSTRUCTION_CHARS } from './tones';

export const rewriteContent: ContentContribution = {
  feature: 'rewrite',
  start() {
    onMessage('rewriteSelection', ({ data }) => {
      if (!isToneId(data.tone)) throw new Error('Unknown tone.');
      const instruction = typeof data.instruction === 'string' ? data.instruction.slice(0, MAX_INSTRUCTION_CHARS) : undefined;
      startRewriteCard(data.tone, instruction);
    });
  },
};
