import { render } from 'preact';
import '../../assets/page.css';
import { OptionsPage } from '../../src/settings/OptionsPage';

render(<OptionsPage />, document.getElementById('app')!);
