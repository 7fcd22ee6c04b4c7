import { render } from 'preact';
import '../../assets/page.css';
import { Popup } from './Popup';

render(<Popup />, document.getElementById('app')!);
