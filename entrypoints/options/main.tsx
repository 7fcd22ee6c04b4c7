import { render } from 'preact';
import '../../assets/page.css';
import { OptionsPage } from '../../src/settings/OptionsPage';
import { sendMessage } from '../../src/messaging/protocol';
import { exposeTestHooks } from '../../src/test-hooks';

render(<OptionsPage />, document.getElementById('app')!);

// Test builds only: the e2e tests send protocol messages from this page through its real sendMessage.
if (__NANO_BANANA_TEST__) exposeTestHooks({ sendMessage });
