import type { AnsweredBy } from '../engine/types';

/** "Answered by <model> in this browser" / "… on the model server at <address>", shown with each result. */
export function answeredByLine({ backend, model, server, api }: AnsweredBy): string {
  if (backend === 'server') return `Answered by ${model} on the model server at ${server}.`;
  if (backend === 'builtin') return api ? `Answered by ${model}, ${api} API.` : `Answered by ${model}.`;
  return `Answered by ${model} in this browser.`;
}
