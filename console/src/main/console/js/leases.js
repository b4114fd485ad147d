// Budget leases as a tree (a parent's slice handed to a child, nested up to three deep) with
// held / spent / remaining and release; SpendGuard reservations with capture and release, and
// the usage summary. All from the SpendGuard API (docs/spend-guard.md).
import {h, fill, field, badge, statusLine, confirmDialog} from './dom.js';
import {get, post, allAgents, query, enc} from './api.js';
import {money, when} from './format.js';
import {table} from './money.js';

export function render(main) {
  const status = statusLine();
  const tree = h('section', {class: 'card', 'aria-labelledby': 'leases-title'});
  const reservations = h('section', {class: 'card', 'aria-labelledby': 'reservations-title'});
  const usage = h('section', {class: 'card', 'aria-labelledby': 'usage-title'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Leases and reservations'),
    h('p', {class: 'muted'}, 'Budget handed from parent agents to children, and money held for actions before they run.')),
  status, tree, reservations, usage);

  let names = new Map();
  const name = (id) => names.get(id) || id;
  const leaseStatus = field('Leases', {name: 'lease_status'}, 'select',
    [['active', 'Active'], ['', 'Any status'], ['released', 'Released'], ['expired', 'Expired']]);
  const rsvStatus = field('Reservations', {name: 'reservation_status'}, 'select',
    [['held', 'Held'], ['', 'Any status'], ['captured', 'Captured'], ['released', 'Released'], ['expired', 'Expired']]);
  leaseStatus.input.addEventListener('change', () => loadLeases());
  rsvStatus.input.addEventListener('change', () => loadReservations());

  async function loadLeases() {
    let list = [];
    try { list = (await get(`/v1/spend-guard/budget-leases${query({status: leaseStatus.input.value, limit: 100})}`)).leases; } catch (err) { status.show(err.message, 'error'); }
    const ids = new Set(list.map((l) => l.lease_id));
    const children = new Map();
    for (const l of list) {
      const key = l.parent_lease_id && ids.has(l.parent_lease_id) ? l.parent_lease_id : 'root';
      if (!children.has(key)) children.set(key, []);
      children.get(key).push(l);
    }
    const branch = (key) => (children.get(key) || []).map((l) => h('li', {class: 'lease', 'data-lease-id': l.lease_id},
      h('div', {class: 'lease-head'},
        h('strong', {}, name(l.parent_agent)), ' → ', h('a', {href: `#/agents/${enc(l.child_agent)}`}, name(l.child_agent)), ' ',
        badge(l.status)),
      h('dl', {class: 'facts'},
        fact('Amount', money(l.amount, l.currency)), fact('Held', money(l.held, l.currency)),
        fact('Spent', money(l.spent, l.currency)), fact('Remaining', money(l.remaining, l.currency), 'remaining'),
        fact('Expires', l.expires_at ? when(l.expires_at) : 'when released'),
        l.released_amount ? fact('Returned', money(l.released_amount, l.currency)) : null),
      l.status === 'active' ? h('button', {type: 'button', class: 'button danger small', 'aria-label': `Release lease ${l.lease_id}`,
        on: {click: async () => {
          if (!await confirmDialog('Release this lease?', `${money(l.remaining, l.currency)} goes back to ${name(l.parent_agent)}; open holds resolve later.`, 'Release')) return;
          try {
            await post(`/v1/spend-guard/budget-leases/${enc(l.lease_id)}/release`);
            status.show('Lease released.', 'success');
            loadLeases();
          } catch (err) { status.show(err.message, 'error'); }
        }}}, 'Release') : null,
      children.has(l.lease_id) ? h('ul', {class: 'lease-tree'}, branch(l.lease_id)) : null));
    fill(tree, h('h2', {id: 'leases-title'}, 'Budget leases'), h('div', {class: 'filters grid'}, leaseStatus.row),
      list.length ? h('ul', {class: 'lease-tree root'}, branch('root')) : h('p', {class: 'muted'}, 'No leases.'));
  }

  async function loadReservations() {
    let list = [];
    try { list = (await get(`/v1/spend-guard/reservations${query({status: rsvStatus.input.value, limit: 100})}`)).reservations; } catch (err) { status.show(err.message, 'error'); }
    fill(reservations, h('h2', {id: 'reservations-title'}, 'Reservations'), h('div', {class: 'filters grid'}, rsvStatus.row),
      table(['Created', 'Agent', 'Amount', 'Captured', 'Merchant', 'Category', 'Status', 'Expires', ''], list.map((r) => h('tr', {'data-reservation-id': r.reservation_id},
        h('td', {'data-label': 'Created'}, when(r.created_at)),
        h('td', {'data-label': 'Agent'}, name(r.agent)),
        h('td', {'data-label': 'Amount', class: 'num'}, money(r.amount, r.currency)),
        h('td', {'data-label': 'Captured', class: 'num'}, r.captured_amount ? money(r.captured_amount, r.currency) : '—'),
        h('td', {'data-label': 'Merchant', class: 'merchant-cell'}, r.merchant || '—'),
        h('td', {'data-label': 'Category'}, r.category || '—'),
        h('td', {'data-label': 'Status', 'data-field': 'status'}, badge(r.status)),
        h('td', {'data-label': 'Expires'}, when(r.expires_at)),
        h('td', {}, r.status === 'held' ? h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Release reservation ${r.reservation_id}`,
          on: {click: async () => {
            try {
              await post(`/v1/spend-guard/reservations/${enc(r.reservation_id)}/release`, {reason: 'Released in the console'});
              status.show('Reservation released.', 'success');
              loadReservations();
              loadUsage();
            } catch (err) { status.show(err.message, 'error'); }
          }}}, 'Release') : null))), 'No reservations.'));
  }

  async function loadUsage() {
    const to = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
    let s;
    try { s = await get(`/v1/spend-guard/usage/summary${query({from, to})}`); } catch (err) { status.show(err.message, 'error'); return; }
    const t = s.totals || {};
    const c = t.reservations || {};
    fill(usage, h('h2', {id: 'usage-title'}, 'Usage, last 30 days'),
      h('dl', {class: 'stats', id: 'usage-totals'},
        stat('Reservations', String(c.total ?? 0)), stat('Held now', String(c.held ?? 0)),
        stat('Reserved', t.reserved), stat('Captured', t.captured), stat('Released', t.released), stat('Held', t.held)),
      s.truncated ? h('p', {class: 'notice warning'}, 'Only the first 10,000 reservations were counted.') : null);
  }

  (async () => {
    try { names = new Map((await allAgents()).map((a) => [a.agent_id, a.name])); } catch { /* ids then */ }
    loadLeases();
    loadReservations();
    loadUsage();
  })();
}

function fact(label, value, key) {
  return h('div', {}, h('dt', {}, label), h('dd', {'data-field': key || null}, value));
}

function stat(label, value) {
  return h('div', {class: 'stat'}, h('dt', {}, label), h('dd', {}, value ?? '—'));
}
