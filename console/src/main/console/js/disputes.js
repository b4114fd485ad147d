// The owner's disputes (docs/disputes.md): open one about a payment, follow its evidence timeline,
// add evidence, withdraw it while it is open. Review and resolution are the operator's.
import {h, fill, field, badge, statusLine, confirmDialog, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, query, enc} from './api.js';
import {money, when} from './format.js';
import {table} from './money.js';

const STATUSES = ['', 'open', 'under_review', 'resolved_refunded', 'resolved_denied', 'withdrawn'];
const REASONS = ['service_not_delivered', 'sla_breach', 'duplicate_charge', 'incorrect_amount', 'unauthorized',
  'quality_issue', 'fraud', 'other'];

export function render(main, params = {}) {
  const status = statusLine();
  const list = h('section', {class: 'card', 'aria-labelledby': 'owner-disputes-title'});
  const detail = h('section', {class: 'card', 'aria-labelledby': 'owner-dispute-title', hidden: true, id: 'owner-dispute'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Disputes'),
    h('p', {class: 'muted'}, 'Claims about payments your agents made or received. The operator reviews and resolves them.')),
  status, openForm(), list, detail);

  const statusFilter = field('Status', {name: 'owner_dispute_status'}, 'select', STATUSES.map((s) => [s, s ? s.replaceAll('_', ' ') : 'Any status']));
  statusFilter.input.addEventListener('change', load);

  async function load() {
    let rows = [];
    try { rows = (await get(`/v1/disputes${query({status: statusFilter.input.value, limit: 100})}`)).disputes; } catch (err) { status.show(err.message, 'error'); }
    fill(list, h('h2', {id: 'owner-disputes-title'}, 'All disputes'), h('div', {class: 'filters grid'}, statusFilter.row),
      table(['Opened', 'Payment', 'Amount', 'Reason', 'Status', ''], rows.map((d) => h('tr', {'data-dispute-id': d.id},
        h('td', {'data-label': 'Opened'}, when(d.created_at)),
        h('td', {'data-label': 'Payment'}, h('code', {}, d.payment_id)),
        h('td', {'data-label': 'Amount', class: 'num'}, money(d.amount, d.currency)),
        h('td', {'data-label': 'Reason'}, d.reason.replaceAll('_', ' ')),
        h('td', {'data-label': 'Status', 'data-field': 'status'}, badge(d.status)),
        h('td', {}, h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Open dispute ${d.id}`,
          on: {click: () => show(d.id)}}, 'Open')))), 'No disputes.'));
  }

  async function show(id) {
    let d;
    try { d = await get(`/v1/disputes/${enc(id)}`); } catch (err) { status.show(err.message, 'error'); return; }
    detail.hidden = false;
    const type = field('Evidence type', {name: 'evidence_type', value: 'log_excerpt', maxlength: 50, autocomplete: 'off',
      hint: 'A lower-case code: log_excerpt, screenshot, api_response, …'});
    const content = field('Evidence', {name: 'evidence_content', rows: 4, maxlength: 16000}, 'textarea');
    const open = d.status === 'open' || d.status === 'under_review';
    const evidenceForm = h('form', {id: 'evidence-form', class: 'subform', novalidate: true, on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(evidenceForm);
      try {
        await post(`/v1/disputes/${enc(d.id)}/evidence`, {type: type.input.value.trim(), content: content.input.value});
        status.show('Evidence added.', 'success');
        show(d.id);
      } catch (err) {
        const fe = err.fieldErrors.find((x) => x.field === 'type' || x.field === 'content');
        if (fe) setFieldError(fe.field === 'type' ? type.input : content.input, fe.message);
        else status.show(err.message, 'error');
      }
    }}}, h('h3', {}, 'Add evidence'), type.row, content.row,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button secondary'}, 'Add evidence')));
    fill(detail, 
      h('div', {class: 'section-head'}, h('h2', {id: 'owner-dispute-title'}, `Dispute ${d.id}`), badge(d.status)),
      h('dl', {class: 'facts'},
        fact('Payment', d.payment_id), fact('Amount', money(d.amount, d.currency)), fact('Reason', d.reason.replaceAll('_', ' ')),
        fact('Opened by', d.opened_by ? d.opened_by.side : null), fact('Opened', when(d.created_at)), fact('Closed', when(d.closed_at)),
        d.resolution ? fact('Resolution', `${d.resolution.outcome}${d.resolution.note ? `: ${d.resolution.note}` : ''}`) : null),
      d.description ? h('p', {class: 'description'}, d.description) : null,
      h('h3', {}, 'Evidence timeline'),
      timeline(d.evidence || []),
      open ? evidenceForm : null,
      d.status === 'open' ? h('div', {class: 'actions'}, h('button', {type: 'button', class: 'button danger', id: 'withdraw-dispute', on: {click: async () => {
        if (!await confirmDialog('Withdraw this dispute?', 'Only the side that opened it can; it cannot be reopened.', 'Withdraw')) return;
        try {
          await post(`/v1/disputes/${enc(d.id)}/withdraw`);
          status.show('Dispute withdrawn.', 'success');
          show(d.id);
          load();
        } catch (err) { status.show(err.message, 'error'); }
      }}}, 'Withdraw')) : null);
  }

  function openForm() {
    const payment = field('Payment id', {name: 'dispute_payment', value: params.payment || '', autocomplete: 'off', spellcheck: 'false', placeholder: 'pay_…'});
    const reason = field('Reason', {name: 'dispute_reason'}, 'select', REASONS.map((r) => [r, r.replaceAll('_', ' ')]));
    const description = field('What happened (optional)', {name: 'dispute_description', maxlength: 2000, autocomplete: 'off'});
    const inputs = {payment_id: payment.input, reason: reason.input, description: description.input};
    const form = h('form', {class: 'card', id: 'open-dispute', novalidate: true, 'aria-labelledby': 'open-dispute-title', on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const body = {payment_id: payment.input.value.trim(), reason: reason.input.value};
      if (description.input.value.trim()) body.description = description.input.value.trim();
      try {
        const d = await post('/v1/disputes', body);
        status.show(`Dispute ${d.id} opened.`, 'success');
        form.reset();
        await load();
        show(d.id);
      } catch (err) {
        const fe = err.fieldErrors.find((x) => inputs[x.field]);
        if (fe) setFieldError(inputs[fe.field], fe.message);
        else status.show(err.message, 'error');
      }
    }}}, h('h2', {id: 'open-dispute-title'}, 'Open a dispute'), h('div', {class: 'grid'}, payment.row, reason.row, description.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Open dispute')));
    return form;
  }

  load();
}

export function timeline(items) {
  if (!items.length) return h('p', {class: 'muted'}, 'No evidence yet.');
  return h('ol', {class: 'timeline'}, items.map((e) => h('li', {},
    h('div', {class: 'muted'}, when(e.created_at), ' · ', e.type,
      e.submitted_by ? ` · by ${e.submitted_by.agent_id || e.submitted_by.account_id}` : ''),
    h('pre', {class: 'evidence'}, e.content))));
}

function fact(label, value) {
  return h('div', {}, h('dt', {}, label), h('dd', {}, value === null || value === undefined ? '—' : value));
}
