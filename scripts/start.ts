// `npm start`: WXT's dev mode, which opens a browser with the extension loaded. Without a display that
// browser cannot open and WXT fails with a DevTools-protocol error; say why instead, and what to run.
import { spawn } from 'node:child_process';

const headless = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY'];
if (headless) {
  console.error(
    'npm start opens Chromium with the extension, but this machine has no display (DISPLAY and WAYLAND_DISPLAY are unset): ' +
      'run `npm run build` and load .output/chrome-mv3 in a browser elsewhere (chrome://extensions → Load unpacked), or `npm test` to try it headless.',
  );
  process.exit(1);
}
const wxt = spawn('wxt', process.argv.slice(2), { stdio: 'inherit', shell: process.platform === 'win32' });
wxt.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
