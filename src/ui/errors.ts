import type { DownloadPlan, EngineErrorCode } from '../engine/types';
import { isLocalizedText, say } from '../i18n/i18n';

/**
 * The message to show for anything thrown: EngineError and friends already say what to do. An engine error
 * carries its catalogue key (also across messages, which keep its own properties): said here in the UI's language.
 */
export function errorMessage(error: unknown): string {
  const text = error && typeof error === 'object' ? (error as { text?: unknown }).text : undefined;
  if (isLocalizedText(text)) return say(text);
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The engine's error code, on an EngineError or on one that crossed a message (which keeps its own
 * properties, see @webext-core/messaging), so surfaces can offer the fitting way out.
 */
export function engineErrorCode(error: unknown): EngineErrorCode | undefined {
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? (code as EngineErrorCode) : undefined;
}

/** The download the person is asked to agree to, when `error` says the model is not stored yet. */
export function neededDownload(error: unknown): DownloadPlan | undefined {
  return engineErrorCode(error) === 'download-needed' ? (error as { plan?: DownloadPlan }).plan : undefined;
}
