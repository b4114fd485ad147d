// Webhooks: subscriptions, a test event, and the delivery log (status codes and every attempt).
import {h, field, badge, statusLine, confirmDialog, secretReveal, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, patch, del, enc} from './api.js';
import {when} from './format.js';

export function render(main) {
  const status = statusLine();
  const list = h('section', {class: 'card', 'aria-labelledby': 'hooks-title'});
  const log = h('section', {class: 'card', 'aria-labelledby': 'log-title', hidden: true});
  const reveal = h('div');
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Webhooks'),
    h('p', {class: 'muted'}, 'Signed Standard Webhooks POSTs for every state change, retried for 24 hours.')),
  status, list, log, createForm(), reveal);
  let shownLog = null;

  async function load() {
    let hooks = [];
    try { hooks = (await get('/v1/webhooks')).data; } catch (err) { status.show(err.message, 'error'); }
    list.replaceChildren(h('h2', {id: 'hooks-title'}, 'Subscriptions'),
      hooks.length ? h('ul', {class: 'hooks'}, hooks.map((w) => h('li', {class: 'hook'},
        h('div', {class: 'hook-main'}, h('code', {class: 'url'}, w.url), ' ', badge(w.enabled ? 'enabled' : 'disabled'),
          h('p', {class: 'muted'}, `Events: ${w.events.join(', ')}`, w.description ? ` · ${w.description}` : '', ` · since ${when(w.created_at)}`)),
        h('div', {class: 'actions wrap'},
          h('button', {type: 'button', class: 'button secondary small', on: {click: async () => {
            try {
              await post(`/v1/webhooks/${enc(w.id)}/test`);
              status.show('Test event sent; it appears in the delivery log in a moment.', 'success');
              showLog(w);
            } catch (err) { status.show(err.message, 'error'); }
          }}}, 'Send test event'),
          h('button', {type: 'button', class: 'button secondary small', on: {click: () => showLog(w)}}, 'Delivery log'),
          h('button', {type: 'button', class: 'button secondary small', on: {click: async () => {
            try { await patch(`/v1/webhooks/${enc(w.id)}`, {enabled: !w.enabled}); load(); } catch (err) { status.show(err.message, 'error'); }
          }}}, w.enabled ? 'Disable' : 'Enable'),
          h('button', {type: 'button', class: 'button danger small', on: {click: async () => {
            if (!await confirmDialog('Delete this webhook?', `${w.url} stops receiving events.`, 'Delete')) return;
            try { await del(`/v1/webhooks/${enc(w.id)}`); log.hidden = true; load(); } catch (err) { status.show(err.message, 'error'); }
          }}}, 'Delete')))))
        : h('p', {class: 'muted'}, 'No webhooks yet.'));
  }

  async function showLog(w) {
    shownLog = w;
    log.hidden = false;
    let rows = [];
    try { rows = (await get(`/v1/webhooks/${enc(w.id)}/deliveries?limit=50`)).data; } catch (err) { status.show(err.message, 'error'); }
    if (shownLog !== w) return;
    log.replaceChildren(h('div', {class: 'section-head'}, h('h2', {id: 'log-title'}, 'Delivery log'),
      h('button', {type: 'button', class: 'button secondary small', on: {click: () => showLog(w)}}, 'Refresh')),
    h('p', {class: 'muted'}, h('code', {}, w.url)),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
      h('thead', {}, h('tr', {}, ['Event', 'State', 'Attempts', 'Last status', 'Latency', 'Error', 'Next retry', 'Created']
        .map((t) => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows.length ? rows.map((d) => h('tr', {},
        h('td', {'data-label': 'Event'}, d.event_type),
        h('td', {'data-label': 'State'}, badge(d.state)),
        h('td', {'data-label': 'Attempts', class: 'num'}, String(d.attempts)),
        h('td', {'data-label': 'Last status', class: 'num'}, d.last_status_code === null ? '—' : String(d.last_status_code)),
        h('td', {'data-label': 'Latency', class: 'num'}, d.latency_ms === null || d.latency_ms === undefined ? '—' : `${d.latency_ms} ms`),
        h('td', {'data-label': 'Error'}, d.last_error || '—'),
        h('td', {'data-label': 'Next retry'}, when(d.next_attempt_at)),
        h('td', {'data-label': 'Created'}, when(d.created_at))))
        : h('tr', {}, h('td', {colspan: 8, class: 'muted'}, 'No deliveries yet.'))))));
  }

  function createForm() {
    const url = field('Endpoint URL', {name: 'url', type: 'url', required: true, autocomplete: 'off', placeholder: 'https://example.com/purser'});
    url.row.classList.add('span-2');
    const events = field('Events', {name: 'events', autocomplete: 'off', value: '*',
      hint: 'Comma-separated event types or patterns, e.g. request.*, agent.limit_exceeded; * for all.'});
    const description = field('Description (optional)', {name: 'description', autocomplete: 'off'});
    const inputs = {url: url.input, events: events.input, description: description.input};
    const form = h('form', {class: 'card', 'aria-labelledby': 'new-hook-title', novalidate: true, on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const body = {url: url.input.value.trim(), events: events.input.value.split(',').map((s) => s.trim()).filter(Boolean)};
      if (description.input.value.trim()) body.description = description.input.value.trim();
      try {
        const w = await post('/v1/webhooks', body);
        reveal.replaceChildren(secretReveal(`Signing secret for ${w.url}`, w.secret,
          `Copy the signing secret of ${w.url} now: it is shown only once.`));
        form.reset();
        status.show('Webhook added.', 'success');
        load();
      } catch (err) {
        const fe = err.fieldErrors.find((x) => inputs[String(x.field).replace(/\[\d+\]$/, '')]);
        if (fe) setFieldError(inputs[String(fe.field).replace(/\[\d+\]$/, '')], fe.message);
        else status.show(err.message, 'error');
      }
    }}}, h('h2', {id: 'new-hook-title'}, 'Add a webhook'), h('div', {class: 'grid'}, url.row, events.row, description.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Add webhook')));
    return form;
  }

  load();
  const timer = setInterval(() => { if (shownLog && !log.hidden) showLog(shownLog); }, 5000);
  return () => clearInterval(timer);
}
