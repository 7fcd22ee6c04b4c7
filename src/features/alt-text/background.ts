// Alt text in the background: the image menu item, which opens the in-page card on the image.
import { sendToTab } from '../../messaging/tabs';
import { WEB_PAGES, type BackgroundContribution } from '../feature';
import { t } from '../../i18n/i18n';

export const altTextBackground: BackgroundContribution = {
  feature: 'alt-text',
  menus: [
    {
      id: 'alt-text',
      title: t('generateAltText'),
      contexts: ['image'],
      documentUrlPatterns: WEB_PAGES,
      onClick: (target, info) => sendToTab('showAltTextCard', { srcUrl: info.srcUrl ?? '' }, target),
    },
  ],
};
