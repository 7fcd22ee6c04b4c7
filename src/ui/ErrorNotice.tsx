import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';
import type { EngineErrorCode } from '../engine/types';
import { t } from '../i18n/i18n';

interface Props {
  message: string;
  /** The engine's error code, when known: an unreachable model host gets a way to the Model host field. */
  code?: EngineErrorCode;
  children?: ComponentChildren;
}

/** An error said plainly, announced to screen readers, with the actions that can fix it. */
export function ErrorNotice({ message, code, children }: Props) {
  // On the Options page the Model host field is right there: no link to it.
  const optionsLink = code === 'host-unreachable' && !location.pathname.endsWith('/options.html');
  return (
    <div class="nb-error" role="alert">
      <p>{message}</p>
      {children || optionsLink ? (
        <div class="nb-actions">
          {children}
          {optionsLink ? (
            <a href={browser.runtime.getURL('/options.html#model-host')} target="_blank" rel="noopener">
              {t('openOptions')}
            </a>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
