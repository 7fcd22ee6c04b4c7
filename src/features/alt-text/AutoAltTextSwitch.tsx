import { useEffect, useState } from 'preact/hooks';
import { getSettings, updateSettings, type Settings } from '../../settings/settings';
import { t } from '../../i18n/i18n';

/** The automatic-mode switch for one site (and for every site). */
export function AutoAltTextSwitch({ pageUrl }: { pageUrl: string }) {
  const [settings, setSettings] = useState<Settings>();
  const site = new URL(pageUrl).hostname;
  useEffect(() => void getSettings().then(setSettings), []);
  if (!settings) return null;

  const onSite = settings.autoAltTextSites.includes(site);
  const setSite = async (enabled: boolean) => {
    const others = settings.autoAltTextSites.filter((entry) => entry !== site);
    setSettings(await updateSettings({ autoAltTextSites: enabled ? [...others, site] : others }));
  };

  return (
    <fieldset>
      <legend>{t('automaticAltText')}</legend>
      <label class="nb-inline">
        <input type="checkbox" checked={onSite || settings.autoAltTextEverywhere} disabled={settings.autoAltTextEverywhere} onChange={(event) => void setSite(event.currentTarget.checked)} />
        {t('onSite', site)}
      </label>
      <label class="nb-inline">
        <input
          type="checkbox"
          checked={settings.autoAltTextEverywhere}
          onChange={async (event) => setSettings(await updateSettings({ autoAltTextEverywhere: event.currentTarget.checked }))}
        />
        {t('onEverySite')}
      </label>
    </fieldset>
  );
}
