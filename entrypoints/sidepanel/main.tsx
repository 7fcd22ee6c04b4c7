import { render } from 'preact';
import '../../assets/page.css';
import { SidePanel } from './SidePanel';

render(<SidePanel />, document.getElementById('app')!);
