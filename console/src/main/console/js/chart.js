// Spent vs held vs limit as horizontal bars: inline SVG built with DOM calls (no markup strings),
// with the same figures as text beside it for screen readers and small screens.
import {h} from './dom.js';
import {money} from './format.js';

const W = 600;
const BAR = 14;

/**
 * rows: [{label, period, spent, held, limit, noLimit?}] with decimal strings; limit may be null.
 * A row without a limit draws no bar (a bar needs something to be a share of: drawn against the
 * other rows' scale it read as "full"); its figures say what is spent and held. `noLimit` replaces
 * the words "no limit" (a leased child is capped by its lease, not unlimited).
 */
export function windowsChart(title, rows, currency) {
  const n = (v) => (v === null || v === undefined ? 0 : Number(v));
  const limited = (r) => r.limit !== null && r.limit !== undefined;
  const max = Math.max(1, ...rows.filter(limited).map((r) => Math.max(n(r.spent) + n(r.held), n(r.limit))));
  const scale = (v) => Math.min(W, (n(v) / max) * (W - 2));
  const limitText = (r) => (limited(r) ? `limit ${money(r.limit, currency)}` : (r.noLimit || 'no limit'));
  const legend = h('ul', {class: 'legend', 'aria-hidden': 'true'},
    h('li', {}, h('span', {class: 'swatch spent'}), 'Spent'),
    h('li', {}, h('span', {class: 'swatch held'}), 'Held (pending requests, reservations, leases)'),
    h('li', {}, h('span', {class: 'swatch limit'}), 'Limit'));
  return h('figure', {class: 'chart-box'},
    h('figcaption', {}, title),
    rows.map((r) => {
      const summary = `${r.label}: ${money(r.spent, currency)} spent, ${money(r.held, currency)} held, ${limitText(r)}`;
      const svg = h('svg', {class: 'chart', viewBox: `0 0 ${W} ${BAR + 8}`, role: 'img', 'aria-label': summary,
        preserveAspectRatio: 'none'});
      const y = 4;
      svg.append(h('rect', {x: 0, y, width: W, height: BAR, rx: 4, class: limited(r) ? 'track' : 'track unlimited'}));
      const spent = limited(r) ? scale(r.spent) : 0;
      const held = limited(r) ? Math.min(W - spent, scale(r.held)) : 0;
      if (spent > 0) svg.append(h('rect', {x: 0, y, width: spent, height: BAR, rx: 4, class: 'spent'}));
      if (held > 0) svg.append(h('rect', {x: spent, y, width: held, height: BAR, class: 'held'}));
      if (limited(r)) {
        const x = Math.min(W - 2, Math.max(1, scale(r.limit)));
        svg.append(h('line', {x1: x, x2: x, y1: 0, y2: BAR + 8, class: 'limit'}));
      }
      return h('div', {class: 'chart-item', 'data-window': r.key || null},
        h('div', {class: 'chart-row', 'aria-hidden': 'true'},
          h('span', {class: 'chart-label'}, r.label, r.period ? h('span', {class: 'muted'}, ` ${r.period}`) : null),
          h('span', {class: 'chart-figures'}, `${money(r.spent, currency)} spent · ${money(r.held, currency)} held · ${limitText(r)}`)),
        svg);
    }),
    legend);
}

export const WINDOW_LABELS = {daily: 'Today', weekly: 'This week', monthly: 'This month', yearly: 'This year',
  rolling_24h: 'Last 24 hours'};

/** The rows of a /v1/agents/{id}/spending answer; `lease` (an active lease of the agent) caps the rest. */
export function spendingRows(s, lease) {
  const w = s.windows || {};
  const noLimit = lease ? `no own limit (lease ${money(lease.remaining, lease.currency)} left)` : undefined;
  const rows = Object.keys(WINDOW_LABELS).filter((k) => w[k])
    .map((k) => ({key: k, label: WINDOW_LABELS[k], noLimit, ...w[k], period: k === 'rolling_24h' ? '' : w[k].period}));
  if (s.budget) rows.push({key: 'budget', label: 'Budget', period: 'total', noLimit, ...s.budget});
  if (lease) {
    rows.push({key: 'lease', label: 'Lease', period: lease.lease_id, limit: lease.amount, spent: lease.spent, held: lease.held});
  }
  return rows;
}

const SPENT = new Set(['approved', 'auto_approved', 'completed']);

/** The day (YYYY-MM-DD) of an instant in a time zone. */
export function dayIn(iso, timeZone) {
  return new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'}).format(new Date(iso));
}

/**
 * Spend per day over the last `days` days (the account's time zone), from requests that became
 * spend (approved, auto-approved, completed: the actual amount once confirmed). Minor units, so
 * sums are exact. Answers [{day, minor}] oldest first, every day present.
 */
export function dailySpend(requests, days, timeZone, agentId, now = Date.now()) {
  const out = new Map();
  for (let i = days - 1; i >= 0; i -= 1) out.set(dayIn(new Date(now - i * 86400000).toISOString(), timeZone), 0);
  for (const r of requests) {
    if (!SPENT.has(r.status) || (agentId && r.agent_id !== agentId)) continue;
    const day = dayIn(r.created_at, timeZone);
    if (!out.has(day)) continue;
    const amount = r.actual_amount !== null && r.actual_amount !== undefined ? r.actual_amount : r.amount;
    out.set(day, out.get(day) + Math.round(Number(amount) * 100));
  }
  return [...out].map(([day, minor]) => ({day, minor}));
}

/** Daily bars (inline SVG built with DOM calls), with the total and the busiest day as text. */
export function dailyChart(title, buckets, currency) {
  const H = 120;
  const max = Math.max(1, ...buckets.map((b) => b.minor));
  const total = buckets.reduce((t, b) => t + b.minor, 0);
  const busiest = buckets.reduce((a, b) => (b.minor > a.minor ? b : a), buckets[0] || {day: '', minor: 0});
  const fmt = (minor) => money((minor / 100).toFixed(2), currency);
  const summary = total ? `${fmt(total)} over ${buckets.length} days; busiest day ${busiest.day}: ${fmt(busiest.minor)}`
    : `Nothing spent in the last ${buckets.length} days`;
  const w = W / Math.max(1, buckets.length);
  const svg = h('svg', {class: 'chart daily', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${summary}`, preserveAspectRatio: 'none'});
  svg.append(h('line', {x1: 0, x2: W, y1: H - 0.5, y2: H - 0.5, class: 'axis'}));
  buckets.forEach((b, i) => {
    if (!b.minor) return;
    const bh = Math.max(2, (b.minor / max) * (H - 4));
    svg.append(h('rect', {x: i * w + w * 0.15, y: H - bh, width: w * 0.7, height: bh, class: 'spent', 'data-day': b.day},
      h('title', {}, `${b.day}: ${fmt(b.minor)}`)));
  });
  return h('figure', {class: 'chart-box daily-box'},
    h('figcaption', {}, title),
    svg,
    h('div', {class: 'chart-row'}, h('span', {class: 'muted'}, buckets.length ? buckets[0].day : ''),
      h('span', {class: 'chart-figures', 'data-field': 'daily-summary'}, summary),
      h('span', {class: 'muted'}, buckets.length ? buckets[buckets.length - 1].day : '')));
}
