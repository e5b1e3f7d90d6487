/** The dashboard's entry: a hash router between the overview and a series' detail. */
import './styles.css';
import { showOverview } from './overview.js';
import { showSeriesDetail } from './series-detail.js';

const root = document.getElementById('app')!;
/** Stops the timers and charts of the view on screen. */
let leave: () => void = () => undefined;

function route(): void {
  leave();
  const hash = location.hash.replace(/^#/, '');
  if (hash.startsWith('/series?')) {
    const params = new URLSearchParams(hash.slice('/series?'.length));
    leave = showSeriesDetail(root, params.get('service') ?? '', params.get('name') ?? '');
  } else leave = showOverview(root);
}

window.addEventListener('hashchange', route);
route();
