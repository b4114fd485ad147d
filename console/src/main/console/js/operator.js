// The operator's view (signed in with an operator key, opk_…): the disputes queue of every
// account (review, then resolve refunded or denied, with the evidence timeline), blocking and
// unblocking an account, verifying a service. The operator API has no account or service list,
// so those two act on an id (docs/operator.md).
import {h, fill, field, badge, statusLine, confirmDialog} from './dom.js';
import {get, post, query, enc} from './api.js';
import {money, when} from './format.js';
import {table} from './money.js';
import {timeline} from './disputes.js';

const STATUSES = ['', 'open', 'under_review', 'resolved_refunded', 'resolved_denied', 'withdrawn'];

export function render(main) {
  const status = statusLine();
  const queue = h('section', {class: 'card', 'aria-labelledby': 'disputes-title'});
  const detail = h('section', {class: 'card', 'aria-labelledby': 'dispute-title', hidden: true, id: 'dispute-detail'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Operator'),
    h('p', {class: 'muted'}, 'Every account\'s disputes, account blocking and service verification.')),
  status, queue, detail, idForm('accounts', 'Accounts', 'Account id', 'acct_…', [
    ['Block', 'block', 'danger', 'Its agents get 403 "Account is blocked" from their next call.'],
    ['Unblock', 'unblock', 'secondary', null]]),
  idForm('services', 'Services', 'Service id', 'svc_…', [
    ['Verify', 'verify', 'primary', null], ['Unverify', 'unverify', 'secondary', null]]));

  const statusFilter = field('Status', {name: 'dispute_status', value: 'open'}, 'select',
    STATUSES.map((s) => [s, s ? s.replaceAll('_', ' ') : 'Any status']));
  statusFilter.input.value = '';
  statusFilter.input.addEventListener('change', load);

  async function load() {
    let list = [];
    try { list = (await get(`/v1/operator/disputes${query({status: statusFilter.input.value, limit: 100})}`)).disputes; } catch (err) { status.show(err.message, 'error'); }
    fill(queue, h('h2', {id: 'disputes-title'}, 'Disputes'), h('div', {class: 'filters grid'}, statusFilter.row),
      table(['Opened', 'Payment', 'Amount', 'Reason', 'Status', 'Evidence', ''], list.map((d) => h('tr', {'data-dispute-id': d.id},
        h('td', {'data-label': 'Opened'}, when(d.created_at)),
        h('td', {'data-label': 'Payment'}, h('code', {}, d.payment_id)),
        h('td', {'data-label': 'Amount', class: 'num'}, money(d.amount, d.currency)),
        h('td', {'data-label': 'Reason', class: 'reason-cell'}, d.reason),
        h('td', {'data-label': 'Status', 'data-field': 'status'}, badge(d.status)),
        h('td', {'data-label': 'Evidence', class: 'num'}, String(d.evidence_count ?? 0)),
        h('td', {}, h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Open dispute ${d.id}`,
          on: {click: () => show(d.id)}}, 'Open')))), 'No disputes.'));
  }

  async function show(id) {
    let d;
    try { d = await get(`/v1/operator/disputes/${enc(id)}`); } catch (err) { status.show(err.message, 'error'); return; }
    detail.hidden = false;
    const note = field('Resolution note (optional)', {name: 'resolution_note', maxlength: 2000, autocomplete: 'off'});
    const act = (label, path, name, body, kind, question) => h('button', {type: 'button', class: `button ${kind}`, 'data-action': name,
      on: {click: async () => {
        if (question && !await confirmDialog(question[0], question[1], label)) return;
        try {
          const done = await post(`/v1/operator/disputes/${enc(d.id)}/${path}`, body());
          status.show(`Dispute ${d.id}: ${done.status.replaceAll('_', ' ')}.`, 'success');
          show(d.id);
          load();
        } catch (err) { status.show(err.message, 'error'); }
      }}}, label);
    const noteBody = (outcome) => () => (note.input.value.trim() ? {outcome, note: note.input.value.trim()} : {outcome});
    const actions = d.status === 'open' ? h('div', {class: 'actions'}, act('Start review', 'review', 'review', () => ({}), 'primary'))
      : d.status === 'under_review' ? h('div', {}, note.row, h('div', {class: 'actions wrap'},
        act('Resolve: refund the payer', 'resolve', 'resolve-refunded', noteBody('refunded'), 'danger',
          ['Refund the payer?', `What is left of ${money(d.amount, d.currency)} goes back to the payer; the fee is kept.`]),
        act('Resolve: deny', 'resolve', 'resolve-denied', noteBody('denied'), 'secondary')))
        : h('p', {class: 'muted'}, 'This dispute is closed.');
    fill(detail, 
      h('div', {class: 'section-head'}, h('h2', {id: 'dispute-title'}, `Dispute ${d.id}`), badge(d.status)),
      h('dl', {class: 'facts'},
        fact('Payment', d.payment_id), fact('Amount', money(d.amount, d.currency)), fact('Reason', d.reason),
        fact('Payer account', d.payer && d.payer.account_id), fact('Payee account', d.payee && d.payee.account_id),
        fact('Opened by', d.opened_by ? `${d.opened_by.side} ${d.opened_by.agent_id || d.opened_by.account_id}` : null),
        fact('Opened', when(d.created_at)), fact('Closed', when(d.closed_at)),
        d.resolution ? fact('Resolution', `${d.resolution.outcome}${d.resolution.note ? `: ${d.resolution.note}` : ''}`) : null),
      d.description ? h('p', {class: 'description'}, d.description) : null,
      h('h3', {}, 'Evidence'),
      timeline(d.evidence || []),
      actions);
    detail.scrollIntoView({block: 'nearest'});
  }

  function idForm(key, title, label, placeholder, buttons) {
    const input = field(label, {name: `${key}_id`, autocomplete: 'off', placeholder, spellcheck: 'false'});
    const result = h('p', {class: 'muted', 'aria-live': 'polite', id: `${key}-result`});
    return h('section', {class: 'card', 'aria-labelledby': `${key}-title`},
      h('h2', {id: `${key}-title`}, title),
      h('form', {class: 'inline-form', on: {submit: (e) => e.preventDefault()}}, input.row,
        buttons.map(([text, action, kind, warning]) => h('button', {type: 'button', class: `button ${kind}`, id: `${key}-${action}`, on: {click: async () => {
          const id = input.input.value.trim();
          if (!id) return;
          if (warning && !await confirmDialog(`${text} ${id}?`, warning, text)) return;
          try {
            const done = await post(`/v1/operator/${key}/${enc(id)}/${action}`);
            result.textContent = key === 'accounts' ? `${done.account_id}: ${done.blocked ? 'blocked' : 'not blocked'}`
              : `${done.service_id || done.id || id}: ${done.verified ? 'verified' : 'not verified'}`;
            status.show(`${text}: done.`, 'success');
          } catch (err) { status.show(err.message, 'error'); }
        }}}, text))),
      result);
  }

  load();
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value === null || value === undefined ? '—' : value));
}
