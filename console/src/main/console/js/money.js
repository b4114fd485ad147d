// Money: the agents' wallets with their balances and ledger movements, and payments with their
// fee, receipt, refunds (full or partial) and the accountants' CSV export. Everything read from
// the wallets and payments APIs (docs/ledger.md); nothing here computes a balance.
import {h, fill, field, badge, statusLine, confirmDialog, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, allAgents, query, enc, session} from './api.js';
import {money, when} from './format.js';

const PAYMENT_STATUSES = ['', 'pending_approval', 'authorized', 'pending', 'submitted', 'settling', 'completed', 'failed',
  'rejected', 'expired', 'partially_refunded', 'refunded'];

export function render(main) {
  const status = statusLine();
  const wallets = h('section', {class: 'card', 'aria-labelledby': 'wallets-title'});
  const movements = h('section', {class: 'card', 'aria-labelledby': 'movements-title', hidden: true});
  const payments = h('section', {class: 'card', 'aria-labelledby': 'payments-title'});
  const detail = h('section', {class: 'card', 'aria-labelledby': 'payment-title', hidden: true, id: 'payment-detail'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Wallets and payments'),
    h('p', {class: 'muted'}, 'Balances from the ledger, every movement, and the payments agents made.')),
  status, wallets, movements, payments, detail);

  let names = new Map();
  let walletAgents = new Map();
  const agentName = (id) => names.get(id) || id || '—';
  const payee = (p) => p.to_external || (walletAgents.has(p.to_wallet_id) ? `${agentName(walletAgents.get(p.to_wallet_id))}'s wallet`
    : (p.to_wallet_id ? `wallet ${p.to_wallet_id}` : '—'));

  async function loadWallets() {
    let list = [];
    try {
      names = new Map((await allAgents()).map((a) => [a.agent_id, a.name]));
      list = (await get('/v1/wallets?limit=100')).wallets;
      walletAgents = new Map(list.map((w) => [w.id, w.agent_id]));
    } catch (err) { status.show(`Could not load wallets: ${err.message}`, 'error'); }
    fill(wallets, h('h2', {id: 'wallets-title'}, 'Wallets'),
      table(['Agent', 'Wallet', 'Balance', 'Available', 'Pending out', 'Pending in', ''], list.map((w) => h('tr', {'data-wallet-id': w.id},
        h('th', {scope: 'row', 'data-label': 'Agent'}, agentName(w.agent_id)),
        h('td', {'data-label': 'Wallet'}, w.name || 'wallet', w.is_default ? ' (default)' : ''),
        h('td', {'data-label': 'Balance', class: 'num', 'data-field': 'balance'}, money(w.balance.balance, w.currency)),
        h('td', {'data-label': 'Available', class: 'num'}, money(w.balance.available, w.currency)),
        h('td', {'data-label': 'Pending out', class: 'num'}, money(w.balance.pending, w.currency)),
        h('td', {'data-label': 'Pending in', class: 'num'}, money(w.balance.incoming_pending, w.currency)),
        h('td', {}, h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Movements of ${agentName(w.agent_id)}'s ${w.name} wallet`,
          on: {click: () => showMovements(w)}}, 'Movements')))), 'No wallets yet: every registered agent gets one.'));
  }

  async function showMovements(w) {
    movements.hidden = false;
    let rows = [];
    try { rows = (await get(`/v1/wallets/${enc(w.id)}/transactions?limit=100`)).transactions; } catch (err) { status.show(err.message, 'error'); }
    fill(movements, h('h2', {id: 'movements-title'}, `Movements of ${agentName(w.agent_id)}'s ${w.name} wallet`),
      table(['When', 'Kind', 'Direction', 'Phase', 'Amount', 'Counterparty', 'Description'], rows.map((t) => h('tr', {},
        h('td', {'data-label': 'When'}, when(t.created_at)),
        h('td', {'data-label': 'Kind'}, t.kind),
        h('td', {'data-label': 'Direction'}, t.direction),
        h('td', {'data-label': 'Phase'}, t.phase || '—'),
        h('td', {'data-label': 'Amount', class: 'num'}, `${t.direction === 'debit' ? '−' : '+'}${money(t.amount, t.currency)}`),
        h('td', {'data-label': 'Counterparty'}, t.counterparty || '—'),
        h('td', {'data-label': 'Description'}, t.description || t.reference || '—'))), 'No movements yet.'));
    movements.scrollIntoView({block: 'nearest'});
  }

  // --- Payments ----------------------------------------------------------------------------
  const statusFilter = field('Status', {name: 'payment_status'}, 'select', PAYMENT_STATUSES.map((s) => [s, s ? s.replaceAll('_', ' ') : 'Any status']));
  const agentFilter = field('Agent', {name: 'payment_agent'}, 'select', [['', 'Any agent']]);
  const fromFilter = field('From', {name: 'payment_from', type: 'date'});
  const toFilter = field('To', {name: 'payment_to', type: 'date'});
  const body = h('tbody');
  const more = h('button', {type: 'button', class: 'button secondary', hidden: true}, 'Load more');
  const exportButton = h('button', {type: 'button', class: 'button secondary', id: 'export-payments'}, 'Export CSV');
  const exportLink = h('a', {hidden: true, download: 'purser-payments.csv'});
  let cursor = null;

  function row(p) {
    return h('tr', {'data-payment-id': p.id},
      h('td', {'data-label': 'Created'}, when(p.created_at)),
      h('td', {'data-label': 'Agent'}, agentName(p.agent_id)),
      h('td', {'data-label': 'Payee'}, payee(p)),
      h('td', {'data-label': 'Amount', class: 'num'}, money(p.amount, p.currency)),
      h('td', {'data-label': 'Fee', class: 'num'}, money(p.fee, p.currency)),
      h('td', {'data-label': 'Status', 'data-field': 'status'}, badge(p.status)),
      h('td', {'data-label': 'Description', class: 'description-cell'}, p.description || '—'),
      h('td', {}, h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Details of payment ${p.id}`,
        on: {click: () => showPayment(p.id)}}, 'Details')));
  }

  async function loadPayments(reset) {
    if (reset) { cursor = null; fill(body); }
    try {
      const page = await get(`/v1/payments${query({status: statusFilter.input.value, agent_id: agentFilter.input.value,
        from: fromFilter.input.value ? `${fromFilter.input.value}T00:00:00Z` : '', to: toFilter.input.value ? `${toFilter.input.value}T23:59:59Z` : '',
        limit: 50, cursor})}`);
      body.append(...page.payments.map(row));
      if (!body.children.length) body.append(h('tr', {}, h('td', {colspan: 8, class: 'muted'}, 'No payments match.')));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    } catch (err) { status.show(err.message, 'error'); }
  }

  async function showPayment(id) {
    let p;
    try { p = await get(`/v1/payments/${enc(id)}`); } catch (err) { status.show(err.message, 'error'); return; }
    detail.hidden = false;
    const receipt = h('div', {class: 'receipt'});
    const amount = field('Refund amount (empty for all that is left)', {name: 'refund_amount', inputmode: 'decimal', autocomplete: 'off'});
    const reason = field('Reason (optional)', {name: 'refund_reason', maxlength: 500, autocomplete: 'off'});
    const refundable = p.status === 'completed' || p.status === 'partially_refunded';
    const form = h('form', {id: 'refund-form', class: 'subform', novalidate: true, on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const req = {};
      if (amount.input.value.trim()) req.amount = amount.input.value.trim();
      if (reason.input.value.trim()) req.reason = reason.input.value.trim();
      const what = req.amount ? money(req.amount, p.currency) : 'everything not yet refunded';
      if (!await confirmDialog('Refund this payment?', `${what} goes back to the paying wallet. The fee is kept.`, 'Refund')) return;
      try {
        const r = await post(`/v1/payments/${enc(p.id)}/refund`, req);
        status.show(`Refunded ${money(r.refund_amount, p.currency)}.`, 'success');
        await showPayment(p.id);
        loadPayments(true);
        loadWallets();
      } catch (err) {
        const fe = err.fieldErrors.find((x) => x.field === 'amount');
        if (fe) setFieldError(amount.input, fe.message);
        else status.show(err.message, 'error');
      }
    }}}, h('h3', {}, 'Refund'), h('div', {class: 'grid'}, amount.row, reason.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button danger'}, 'Refund')));
    fill(detail, 
      h('div', {class: 'section-head'}, h('h2', {id: 'payment-title'}, `Payment ${p.id}`), badge(p.status)),
      h('dl', {class: 'facts'},
        fact('Amount', money(p.amount, p.currency)), fact('Fee', money(p.fee, p.currency), 'fee'),
        fact('Total debited', money(p.total_debited, p.currency)), fact('Refunded', money(p.refunded_amount, p.currency), 'refunded'),
        fact('Agent', agentName(p.agent_id)), fact('From wallet', p.from_wallet_id),
        fact('Payee', payee(p)), fact('Rail', p.rail), fact('Category', p.category),
        fact('Created', when(p.created_at)), fact('Completed', when(p.completed_at)),
        p.failure_reason ? fact('Failure', p.failure_reason) : null, p.mandate_id ? fact('Mandate', p.mandate_id) : null,
        p.service_id ? fact('Service (x402 call)', p.service_id) : null),
      h('p', {class: 'description', 'data-field': 'description'}, p.description || ''),
      h('div', {class: 'actions wrap'},
        h('button', {type: 'button', class: 'button secondary', id: 'show-receipt', on: {click: async () => {
          try { fill(receipt, receiptView(await get(`/v1/payments/${enc(p.id)}/receipt`))); } catch (err) { status.show(err.message, 'error'); }
        }}}, 'Receipt'),
        h('button', {type: 'button', class: 'button secondary', on: {click: () => { detail.hidden = true; }}}, 'Close')),
      receipt,
      refundable ? form : h('p', {class: 'muted'}, `A ${p.status.replaceAll('_', ' ')} payment cannot be refunded.`));
    detail.scrollIntoView({block: 'nearest'});
  }

  exportButton.addEventListener('click', async () => {
    // The server's export (every matching payment, not only the rows on screen), fetched with the key.
    const today = new Date().toISOString().slice(0, 10);
    const from = fromFilter.input.value || '2000-01-01';
    const to = toFilter.input.value || today;
    try {
      const res = await fetch(`/v1/payments/export${query({from, to})}`, {headers: {Authorization: `Bearer ${session.key()}`},
        cache: 'no-store', credentials: 'omit'});
      if (!res.ok) throw new Error((await res.json().catch(() => ({}))).detail || `The server answered ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      exportLink.href = url;
      exportLink.click();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      status.show('Payments exported.', 'success');
    } catch (err) { status.show(`Could not export: ${err.message}`, 'error'); }
  });
  more.addEventListener('click', () => loadPayments(false));
  [statusFilter, agentFilter, fromFilter, toFilter].forEach((f) => f.input.addEventListener('change', () => loadPayments(true)));
  payments.append(h('h2', {id: 'payments-title'}, 'Payments'),
    h('div', {class: 'filters grid'}, statusFilter.row, agentFilter.row, fromFilter.row, toFilter.row),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
      h('thead', {}, h('tr', {}, ['Created', 'Agent', 'Payee', 'Amount', 'Fee', 'Status', 'Description', ''].map((t) => h('th', {scope: 'col'}, t)))),
      body)),
    h('div', {class: 'actions'}, more, exportButton, exportLink));

  (async () => {
    await loadWallets();
    agentFilter.input.append(...[...names].map(([id, name]) => h('option', {value: id}, name)));
    loadPayments(true);
  })();
}

function fact(label, value, key) {
  return h('div', {}, h('dt', {}, label), h('dd', {'data-field': key || null}, value === null || value === undefined ? '—' : value));
}

function receiptView(r) {
  return h('div', {class: 'card receipt-card', id: 'receipt'},
    h('h3', {}, `Receipt ${r.receipt_id}`),
    h('dl', {class: 'facts'},
      fact('Payment', r.payment_id), fact('Status', r.status), fact('Payee', r.payee), fact('Amount', money(r.amount, r.currency)),
      fact('Fee', money(r.fee, r.currency)), fact('Total debited', money(r.total_debited, r.currency)),
      fact('Refunded', money(r.refunded_amount, r.currency)), fact('Rail', r.rail)),
    table(['Transfer', 'Kind', 'Debit', 'Credit', 'Amount'], (r.ledger_transfers || []).map((t) => h('tr', {},
      h('td', {'data-label': 'Transfer'}, h('code', {}, t.transfer_id)),
      h('td', {'data-label': 'Kind'}, t.kind),
      h('td', {'data-label': 'Debit'}, t.debit || '—'),
      h('td', {'data-label': 'Credit'}, t.credit || '—'),
      h('td', {'data-label': 'Amount', class: 'num'}, money(t.amount, r.currency)))), 'No transfers.'));
}

/** A responsive data table with a row for "nothing here". */
export function table(headers, rows, empty) {
  return h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', {colspan: headers.length, class: 'muted'}, empty)))));
}
