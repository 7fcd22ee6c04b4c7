import { render } from 'preact';
import '../../assets/page.css';
import { OptionsPage } from '../../src/settings/OptionsPage';
import { sendMessage } from '../../src/messaging/protocol';
import { exposeTestHooks, installFakeBuiltinAi } from '../../src/test-hooks';
import { localizePage } from '../../src/i18n/i18n';

// Test builds only: Chrome's built-in AI faked where a test asks, before the page looks for it.
if (__NANO_BANANA_TEST__) installFakeBuiltinAi();
localizePage('optionsTitle');
render(<OptionsPage />, document.getElementById('app')!);

// Test builds only: the e2e tests send protocol messages from this page through its real sendMessage.
if (__NANO_BANANA_TEST__) exposeTestHooks({ sendMessage });
