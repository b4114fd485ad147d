// Mandates (docs/spend-guard.md "Mandates and execution tokens"): the signed terms an agent may
// pay under, how much of them is used, and revocation (a new signed version). Payouts, read-only
// (docs/ledger.md "Payouts"), sit below: the money that leaves the ledger.
import {h, fill, field, badge, statusLine, confirmDialog} from './dom.js';
import {get, put, allAgents, query, enc} from './api.js';
import {money, when} from './format.js';
import {table} from './money.js';

const TERMS = ['agent', 'actions', 'per_use_limit', 'total_limit', 'currencies', 'payees', 'categories', 'valid_from',
  'valid_until', 'approval_threshold', 'description'];
const PAYOUT_STATUSES = ['', 'pending_approval', 'pending', 'submitted', 'settling', 'completed', 'failed', 'rejected'];

export function render(main) {
  const status = statusLine();
  const mandates = h('section', {class: 'card', 'aria-labelledby': 'mandates-title'});
  const detail = h('section', {class: 'card', 'aria-labelledby': 'mandate-title', hidden: true, id: 'mandate-detail'});
  const payouts = h('section', {class: 'card', 'aria-labelledby': 'payouts-title'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Mandates and payouts'),
    h('p', {class: 'muted'}, 'The signed authority agents pay under, and the money paid out of wallets.')),
  status, mandates, detail, payouts);

  let names = new Map();
  const name = (id) => names.get(id) || id;
  const statusFilter = field('Status', {name: 'mandate_status'}, 'select', [['', 'Any status'], ['active', 'Active'], ['revoked', 'Revoked']]);
  statusFilter.input.addEventListener('change', load);
  const payoutFilter = field('Status', {name: 'payout_status'}, 'select', PAYOUT_STATUSES.map((s) => [s, s ? s.replaceAll('_', ' ') : 'Any status']));
  payoutFilter.input.addEventListener('change', loadPayouts);

  async function load() {
    let rows = [];
    try { rows = (await get(`/v1/mandates${query({status: statusFilter.input.value, limit: 100})}`)).mandates; } catch (err) { status.show(err.message, 'error'); }
    fill(mandates, h('h2', {id: 'mandates-title'}, 'Mandates'), h('div', {class: 'filters grid'}, statusFilter.row),
      table(['Agent', 'Actions', 'Per use', 'Used / total', 'Uses', 'Status', 'Description', ''], rows.map((m) => h('tr', {'data-mandate-id': m.mandate_id},
        h('td', {'data-label': 'Agent'}, name(m.agent)),
        h('td', {'data-label': 'Actions'}, (m.actions || []).join(', ')),
        h('td', {'data-label': 'Per use', class: 'num'}, m.per_use_limit ?? 'any'),
        h('td', {'data-label': 'Used / total', class: 'num', 'data-field': 'used'}, `${m.total_used ?? '0.00'} / ${m.total_limit ?? 'no limit'}`),
        h('td', {'data-label': 'Uses', class: 'num'}, String(m.uses ?? 0)),
        h('td', {'data-label': 'Status', 'data-field': 'status'}, badge(m.status, m.status === 'revoked' ? 'revoked' : 'active')),
        h('td', {'data-label': 'Description', class: 'description-cell'}, m.description || '—'),
        h('td', {}, h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Open mandate ${m.mandate_id}`,
          on: {click: () => show(m.mandate_id)}}, 'Open')))), 'No mandates.'));
  }

  async function show(id) {
    let m;
    try { m = await get(`/v1/mandates/${enc(id)}`); } catch (err) { status.show(err.message, 'error'); return; }
    detail.hidden = false;
    fill(detail, 
      h('div', {class: 'section-head'}, h('h2', {id: 'mandate-title'}, `Mandate ${m.mandate_id}, version ${m.version}`),
        badge(m.status, m.status === 'revoked' ? 'revoked' : 'active')),
      h('dl', {class: 'facts'},
        fact('Agent', name(m.agent)), fact('Actions', (m.actions || []).join(', ')), fact('Per use', m.per_use_limit ?? 'any'),
        fact('Total', m.total_limit ?? 'no limit'), fact('Used', m.total_used), fact('Remaining', m.total_remaining ?? '—'),
        fact('Uses', String(m.uses ?? 0)), fact('Payees', (m.payees || []).join(', ') || 'any'),
        fact('Categories', (m.categories || []).join(', ') || 'any'), fact('Currencies', (m.currencies || []).join(', ') || 'any'),
        fact('Approval above', m.approval_threshold ?? 'never'), fact('Valid', `${when(m.valid_from)} – ${when(m.valid_until)}`)),
      m.description ? h('p', {class: 'description'}, m.description) : null,
      h('details', {class: 'raw-json'}, h('summary', {}, `Signature (${m.signature ? m.signature.alg : ''})`),
        h('pre', {class: 'evidence'}, m.signature ? `${m.signature.value}\n${m.signature.canonical}` : '')),
      m.status === 'active' ? h('div', {class: 'actions'}, h('button', {type: 'button', class: 'button danger', id: 'revoke-mandate', on: {click: async () => {
        if (!await confirmDialog('Revoke this mandate?', 'No execution token is issued under it any more, and tokens already issued are refused at payment time.', 'Revoke')) return;
        const body = {status: 'revoked'};
        for (const k of TERMS) if (m[k] !== null && m[k] !== undefined) body[k] = m[k];
        try {
          await put(`/v1/mandates/${enc(m.mandate_id)}`, body);
          status.show('Mandate revoked (a new signed version).', 'success');
          show(m.mandate_id);
          load();
        } catch (err) { status.show(err.message, 'error'); }
      }}}, 'Revoke')) : null);
  }

  async function loadPayouts() {
    let rows = [];
    try { rows = (await get(`/v1/payouts${query({status: payoutFilter.input.value, limit: 100})}`)).payouts; } catch (err) { status.show(err.message, 'error'); }
    fill(payouts, h('h2', {id: 'payouts-title'}, 'Payouts'), h('div', {class: 'filters grid'}, payoutFilter.row),
      table(['Created', 'Agent', 'Amount', 'Destination', 'Status', 'Arrival', 'Description'], rows.map((p) => h('tr', {'data-payout-id': p.id},
        h('td', {'data-label': 'Created'}, when(p.created_at)),
        h('td', {'data-label': 'Agent'}, name(p.agent_id)),
        h('td', {'data-label': 'Amount', class: 'num'}, money(p.amount, p.currency)),
        h('td', {'data-label': 'Destination'}, destination(p)),
        h('td', {'data-label': 'Status'}, badge(p.status), p.failure_reason ? h('span', {class: 'why'}, p.failure_reason) : null),
        h('td', {'data-label': 'Arrival'}, p.estimated_arrival || '—'),
        h('td', {'data-label': 'Description', class: 'description-cell'}, p.description || '—'))),
      'No payouts. Agents (or their owner) pay out with POST /v1/payouts; one that needs approval appears in the review queue.'));
  }

  (async () => {
    try { names = new Map((await allAgents()).map((a) => [a.agent_id, a.name])); } catch { /* ids then */ }
    load();
    loadPayouts();
  })();
}

/** A payout's destination, masked as the API gives it. */
function destination(p) {
  const d = p.destination || {};
  if (p.destination_type === 'bank') return `bank ${d.account_holder || ''} ····${d.account_last4 || ''}`.trim();
  if (p.destination_type === 'crypto') return `${d.network || 'crypto'} ${d.address || ''}`;
  if (p.destination_type === 'stripe') return `Stripe ${d.account_id || ''}`;
  return p.destination_type || '—';
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value === null || value === undefined ? '—' : value));
}
