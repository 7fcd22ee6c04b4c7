// The note automatic alt text leaves on the page: how many images it described, Dismiss, and a way to turn
// it off. In a closed shadow root like the cards: the page's scripts can neither read it nor press its
// buttons (only the person's own, trusted, events act, and only once the page has not covered it for a moment).
import { render } from 'preact';
import { acceptOnlyTrustedEvents, createShadowHost, ignoreClicksWhileCovered, setHostStyle, type ShadowHost } from '../../ui/shadow-host';
import { t, uiDirection } from '../../i18n/i18n';

let shown: ShadowHost | undefined;
let dismissed = false;
/** The Turn off action the badge shows now (none once it is off). */
let turnOffShown: (() => Promise<void>) | undefined;

/** Shows (or updates) the badge; not again on this page once the person dismissed it. */
export function showAutoAltTextBadge(described: number, turnOff: () => Promise<void>): void {
  if (dismissed) return;
  if (!shown) {
    shown = createShadowHost('nano-banana-badge');
    // Fixed in the corner, over the page (the host's other styles are set in createShadowHost).
    // In the corner where the person's language ends a line: right, or left for a right-to-left language.
    const side = uiDirection() === 'rtl' ? 'left' : 'right';
    setHostStyle(shown.host, { position: 'fixed', [side]: '16px', bottom: '16px' });
    acceptOnlyTrustedEvents(shown.root);
    const shadow = shown;
    ignoreClicksWhileCovered(shadow, () => renderBadge(shadow, t('coveredClickIgnored'), turnOffShown));
  }
  renderBadge(shown, t(described === 1 ? 'badgeDescribedOne' : 'badgeDescribed', described), turnOff);
}

function renderBadge(shadow: ShadowHost, message: string, turnOff?: () => Promise<void>): void {
  turnOffShown = turnOff;
  const dismiss = () => {
    dismissed = true;
    render(null, shadow.container);
    shadow.remove();
    shown = undefined;
  };
  render(
    <section class="card badge" role="region" aria-label={t('badgeRegion')}>
      <p role="status">{message}</p>
      <div class="actions">
        {turnOff ? (
          <button type="button" onClick={() => void turnOff().then(() => renderBadge(shadow, t('badgeOff')))}>
            {t('badgeTurnOff')}
          </button>
        ) : null}
        <button type="button" onClick={dismiss}>
          {t('dismiss')}
        </button>
      </div>
    </section>,
    shadow.container,
  );
}
