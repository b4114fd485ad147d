// Spent vs held vs limit as horizontal bars: inline SVG built with DOM calls (no markup strings),
// with the same figures as text beside it for screen readers and small screens.
import {h} from './dom.js';
import {money} from './format.js';

const W = 600;
const BAR = 14;

/** rows: [{label, period, spent, held, limit}] with decimal strings; limit may be null. */
export function windowsChart(title, rows, currency) {
  const n = (v) => (v === null || v === undefined ? 0 : Number(v));
  const max = Math.max(1, ...rows.map((r) => Math.max(n(r.spent) + n(r.held), n(r.limit))));
  const scale = (v) => (n(v) / max) * (W - 2);
  const limitText = (r) => (r.limit === null || r.limit === undefined ? 'no limit' : `limit ${money(r.limit, currency)}`);
  const legend = h('ul', {class: 'legend', 'aria-hidden': 'true'},
    h('li', {}, h('span', {class: 'swatch spent'}), 'Spent'),
    h('li', {}, h('span', {class: 'swatch held'}), 'Held (pending)'),
    h('li', {}, h('span', {class: 'swatch limit'}), 'Limit'));
  return h('figure', {class: 'chart-box'},
    h('figcaption', {}, title),
    rows.map((r) => {
      const summary = `${r.label}: ${money(r.spent, currency)} spent, ${money(r.held, currency)} held, ${limitText(r)}`;
      const svg = h('svg', {class: 'chart', viewBox: `0 0 ${W} ${BAR + 8}`, role: 'img', 'aria-label': summary,
        preserveAspectRatio: 'none'});
      const y = 4;
      svg.append(h('rect', {x: 0, y, width: W, height: BAR, rx: 4, class: 'track'}));
      const spent = scale(r.spent);
      const held = scale(r.held);
      if (spent > 0) svg.append(h('rect', {x: 0, y, width: spent, height: BAR, rx: 4, class: 'spent'}));
      if (held > 0) svg.append(h('rect', {x: spent, y, width: held, height: BAR, class: 'held'}));
      if (r.limit !== null && r.limit !== undefined) {
        const x = Math.min(W - 2, Math.max(1, scale(r.limit)));
        svg.append(h('line', {x1: x, x2: x, y1: 0, y2: BAR + 8, class: 'limit'}));
      }
      return h('div', {class: 'chart-item'},
        h('div', {class: 'chart-row', 'aria-hidden': 'true'},
          h('span', {class: 'chart-label'}, r.label, r.period ? h('span', {class: 'muted'}, ` ${r.period}`) : null),
          h('span', {class: 'chart-figures'}, `${money(r.spent, currency)} spent · ${money(r.held, currency)} held · ${limitText(r)}`)),
        svg);
    }),
    legend);
}

/** The rows of a /v1/agents/{id}/spending answer. */
export function spendingRows(s) {
  const w = s.windows || {};
  const label = {daily: 'Today', weekly: 'This week', monthly: 'This month'};
  const rows = ['daily', 'weekly', 'monthly'].filter((k) => w[k]).map((k) => ({label: label[k], ...w[k]}));
  if (s.budget) rows.push({label: 'Budget', period: 'total', ...s.budget});
  return rows;
}
