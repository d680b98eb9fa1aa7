// Builds a Daily Papers page whose own script behaves like the site's Daily / Weekly / Monthly
// tabs: a click pushes a new URL and swaps the list client-side, briefly empty, with the data blob
// updated only afterwards (stale for a moment), and back/forward swap it again. Real card markup
// and data come from the recorded fixtures.
import { fixtureHtml } from './fixtures.mjs';
import { readBlob as blob } from './page-variants.mjs';

/** @param {string} html */
function articles(html) {
  return html.match(/<article\b[\s\S]*?<\/article>/g) ?? [];
}

/** The paths the page answers to; each shows its own view on load. */
export const NAVIGATION_VIEWS = {
  day: '/papers/date/2024-08-02',
  week: '/papers/week/2024-W31',
  month: '/papers/month/2024-08',
};

export function navigationPage() {
  const day = fixtureHtml('hf-papers-date-2024-08-01.html');
  const search = fixtureHtml('hf-papers-search-causal.html');
  const searchItems = blob(search).searchResults;
  const views = {
    day: { cards: articles(day), items: blob(day).dailyPapers, periodType: 'day' },
    week: { cards: articles(search).slice(0, 20), items: searchItems.slice(0, 20), periodType: 'week' },
    month: { cards: articles(search), items: searchItems, periodType: 'month' },
  };
  // JSON inside <script>: no "</" may close it early.
  const data = JSON.stringify({ paths: NAVIGATION_VIEWS, views }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html class="" lang="en"><head><meta charset="utf-8"><title>Daily Papers - Hugging Face</title>
<style>body{font-family:system-ui;margin:0 24px}nav a{margin-right:12px}nav a[aria-current]{font-weight:700}
.grid{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px}article{border:1px solid #ddd;border-radius:12px;padding:8px}
article img{display:none}</style></head>
<body>
<header><h1>Daily Papers</h1>
<nav id="tabs"><a href="${NAVIGATION_VIEWS.day}" data-view="day">Daily</a><a href="${NAVIGATION_VIEWS.week}" data-view="week">Weekly</a><a href="${NAVIGATION_VIEWS.month}" data-view="month">Monthly</a></nav>
<button id="rerender" type="button">Re-render list</button>
<input id="site-search" type="search" placeholder="Search by arxiv id or title"></header>
<main><div class="SVELTE_HYDRATER contents" data-target="DailyPapers" data-props="{}"><section><div class="grid" id="list"></div></section></div></main>
<script>
const DATA = ${data};
const list = document.getElementById('list');
const hydrater = list.closest('[data-target]');
function viewOf(pathname) {
  return Object.keys(DATA.paths).find((key) => DATA.paths[key] === pathname) || 'day';
}
function show(view, delay) {
  // Like the site: the old list goes, the new one arrives a moment later, the blob after it.
  list.replaceChildren();
  document.querySelectorAll('#tabs a').forEach((a) => a.toggleAttribute('aria-current', a.dataset.view === view));
  const fill = () => {
    const template = document.createElement('template');
    template.innerHTML = DATA.views[view].cards.join('');
    list.replaceChildren(template.content);
    setTimeout(() => {
      hydrater.setAttribute('data-props', JSON.stringify({ periodType: DATA.views[view].periodType, dailyPapers: DATA.views[view].items }));
    }, delay);
  };
  if (delay) setTimeout(fill, delay); else fill();
}
document.getElementById('tabs').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-view]');
  if (!link) return;
  event.preventDefault();
  history.pushState({}, '', link.getAttribute('href'));
  show(link.dataset.view, 40);
});
window.addEventListener('popstate', () => show(viewOf(location.pathname), 40));
document.getElementById('rerender').addEventListener('click', () => {
  // A re-render of the same view: fresh nodes for the same papers.
  const template = document.createElement('template');
  template.innerHTML = DATA.views[viewOf(location.pathname)].cards.join('');
  list.replaceChildren(template.content);
});
show(viewOf(location.pathname), 0);
</script>
</body></html>`;
}
