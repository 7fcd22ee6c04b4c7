import { render } from 'preact';
import '../../assets/page.css';
import { WelcomePage } from '../../src/settings/WelcomePage';
import { sendMessage } from '../../src/messaging/protocol';
import { exposeTestHooks } from '../../src/test-hooks';
import { localizePage } from '../../src/i18n/i18n';

localizePage('welcomeTitle');
render(<WelcomePage />, document.getElementById('app')!);

// Test builds only: the e2e tests send protocol messages from this page through its real sendMessage.
if (__NANO_BANANA_TEST__) exposeTestHooks({ sendMessage });
