import { render } from 'preact';
import '../../assets/page.css';
import { OptionsPage } from '../../src/settings/OptionsPage';
import { sendMessage } from '../../src/messaging/protocol';
import { exposeTestHooks, installFakeBuiltinAi } from '../../src/test-hooks';

// Test builds only: Chrome's built-in AI faked where a test asks, before the page looks for it.
if (__NANO_BANANA_TEST__) installFakeBuiltinAi();
render(<OptionsPage />, document.getElementById('app')!);

// Test builds only: the e2e tests send protocol messages from this page through its real sendMessage.
if (__NANO_BANANA_TEST__) exposeTestHooks({ sendMessage });
