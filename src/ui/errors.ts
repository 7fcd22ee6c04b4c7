import { EngineError } from '../engine/errors';
import type { DownloadPlan } from '../engine/types';

/** The message to show for anything thrown: EngineError and friends already say what to do. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The download the person is asked to agree to, when `error` says the model is not stored yet. */
export function neededDownload(error: unknown): DownloadPlan | undefined {
  return error instanceof EngineError && error.code === 'download-needed' ? error.plan : undefined;
}
