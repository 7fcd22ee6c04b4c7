import type { AnsweredBy } from '../engine/types';
import { t } from '../i18n/i18n';

/** "Answered by <model> in this browser" / "… on the model server at <address>", shown with each result. */
export function answeredByLine({ backend, model, server, api, insteadOf }: AnsweredBy): string {
  if (backend === 'server') return t('answeredByServer', model, server ?? '');
  if (backend === 'builtin') return api ? t('answeredByBuiltinApi', model, api) : t('answeredByBuiltin', model);
  if (insteadOf === 'builtin') return t('answeredByBrowserInsteadOfBuiltin', model);
  return t('answeredByBrowser', model);
}
