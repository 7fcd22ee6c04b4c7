import type { AnsweredBy } from '../engine/types';

/** "Answered by <model> in this browser" / "… on the model server at <address>", shown with each result. */
export function answeredByLine({ backend, model, server }: AnsweredBy): string {
  return backend === 'server' ? `Answered by ${model} on the model server at ${server}.` : `Answered by ${model} in this browser.`;
}
