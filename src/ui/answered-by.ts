import type { AnsweredBy } from '../engine/types';

/** "Answered by <model> in this browser" / "… on the model server at <address>", shown with each result. */
export function answeredByLine({ backend, model, server }: AnsweredBy): string {
  if (backend === 'server') return `Answered by ${model} on the model server at ${server}.`;
  if (backend === 'builtin') return `Answered by ${model}.`;
  return `Answered by ${model} in this browser.`;
}
