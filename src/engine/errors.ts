import { localized, say, type LocalizedText } from '../i18n/i18n';
import type { DownloadPlan, EngineErrorCode, EngineErrorInfo } from './types';

/**
 * An engine failure with a code every surface can turn into "what happened and what to do". Its message is a
 * catalogue message (`text`), carried as key and values: where the engine runs without an i18n API (Chrome's
 * offscreen document) it reads in English, and the surface that shows it says it in the person's language.
 */
export class EngineError extends Error {
  readonly text?: LocalizedText;

  constructor(
    readonly code: EngineErrorCode,
    message: string | LocalizedText,
    /** With 'download-needed': the download the person is asked to agree to. */
    readonly plan?: DownloadPlan,
  ) {
    super(typeof message === 'string' ? message : say(message));
    if (typeof message !== 'string') this.text = message;
    this.name = 'EngineError';
  }

  static from(info: EngineErrorInfo): EngineError {
    return new EngineError(info.code, (info.text as LocalizedText | undefined) ?? info.message, info.plan);
  }

  /** Serializable form of any thrown value; unknown failures keep their message under 'internal'. */
  static toInfo(error: unknown): EngineErrorInfo {
    if (error instanceof EngineError) {
      return { code: error.code, message: error.message, ...(error.text ? { text: error.text } : {}), ...(error.plan ? { plan: error.plan } : {}) };
    }
    if (error instanceof DOMException && error.name === 'AbortError') {
      return EngineError.toInfo(new EngineError('cancelled', localized('statusStopped')));
    }
    const message = error instanceof Error ? error.message : String(error);
    return EngineError.toInfo(new EngineError('internal', localized('errInModel', message)));
  }
}
