// One agent: status actions, budget, spending windows, tokens, the policy editor (form and raw
// JSON, with the owner API's validation errors on their fields) and the "try it" dry run.
import {h, fill, field, checkbox, badge, statusLine, confirmDialog, secretReveal, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, put, patch, del, enc} from './api.js';
import {money, when} from './format.js';
import {windowsChart, spendingRows} from './chart.js';
import {checkList} from './checks.js';
import {statusBadge} from './agents.js';

const LIMITS = [
  ['per_request_limit', 'Per-request limit'], ['daily_limit', 'Daily limit'],
  ['weekly_limit', 'Weekly limit'], ['monthly_limit', 'Monthly limit'], ['yearly_limit', 'Yearly limit'],
  ['rolling_24h_limit', 'Rolling 24-hour limit']];
const COUNTS = [['requests_per_minute', 'Requests per minute'], ['requests_per_hour', 'Requests per hour']];
const LISTS = [
  ['allowed_categories', 'Allowed categories'], ['blocked_categories', 'Blocked categories'],
  ['allowed_merchants', 'Allowed merchants'], ['blocked_merchants', 'Blocked merchants']];

export function render(main, {id}) {
  const base = `/v1/agents/${enc(id)}`;
  const status = statusLine();
  const head = h('div', {class: 'page-head'});
  const actions = h('section', {class: 'card', 'aria-label': 'Status and budget'});
  const spending = h('section', {class: 'card', 'aria-labelledby': 'spending-title'});
  const tokens = h('section', {class: 'card', 'aria-labelledby': 'tokens-title'});
  const policy = h('section', {class: 'card', 'aria-labelledby': 'policy-title'});
  const tryIt = h('section', {class: 'card', 'aria-labelledby': 'try-title'});
  main.append(h('p', {}, h('a', {href: '#/agents', class: 'back'}, '← All agents')), head, status,
    actions, h('div', {class: 'two-col'}, policy, h('div', {}, tryIt, spending)), tokens);

  let agent = null;
  let currency = '';

  async function load() {
    try {
      const [a, account] = await Promise.all([get(base), get('/v1/account')]);
      agent = a;
      currency = account.currency;
      head.replaceChildren(h('h1', {}, a.name, ' ', statusBadge(a, account)),
        h('p', {class: 'muted'}, a.description || '', a.description ? ' · ' : '', `id ${a.agent_id}`,
          a.external_id ? ` · external id ${a.external_id}` : ''));
      renderActions();
      loadSpending();
      loadTokens();
      renderPolicy(a.policy);
      renderTryIt();
    } catch (err) {
      head.replaceChildren(h('h1', {}, 'Agent'));
      status.show(err.status === 404 ? 'This agent does not exist (or belongs to another account).' : err.message, 'error');
    }
  }

  function renderActions() {
    const archived = agent.status === 'archived';
    const paused = agent.status === 'paused';
    const budget = field('Budget', {name: 'budget', value: agent.budget, inputmode: 'decimal', autocomplete: 'off'});
    const budgetForm = h('form', {class: 'inline-form', on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(budgetForm);
      try {
        await patch(base, {budget: budget.input.value.trim()});
        status.show('Budget saved.', 'success');
        load();
      } catch (err) {
        if (err.fieldErrors.length) setFieldError(budget.input, err.fieldErrors[0].message);
        else status.show(err.message, 'error');
      }
    }}}, budget.row, h('button', {type: 'submit', class: 'button secondary', disabled: archived}, 'Save budget'));
    actions.replaceChildren(
      h('dl', {class: 'stats'},
        stat('Budget', money(agent.budget, currency)), stat('Spent', money(agent.spent, currency), 'spent'),
        stat('Held', money(agent.held, currency), 'held'), stat('Remaining', money(agent.remaining, currency), 'remaining'),
        stat('Pending requests', String(agent.pending_count ?? 0))),
      archived ? h('p', {class: 'muted'}, 'This agent is archived: its tokens are revoked and it cannot be changed.')
        : h('div', {class: 'actions wrap'}, budgetForm,
          h('button', {type: 'button', class: 'button secondary', id: 'pause-agent', on: {click: async () => {
            try {
              await patch(base, {status: paused ? 'active' : 'paused'});
              status.show(paused ? 'Agent resumed.' : 'Agent paused: its Agent API calls are refused.', 'success');
              load();
            } catch (err) { status.show(err.message, 'error'); }
          }}}, paused ? 'Resume agent' : 'Pause agent'),
          h('button', {type: 'button', class: 'button danger', id: 'deregister', on: {click: async () => {
            if (!await confirmDialog('Deregister this agent?',
              `${agent.name} will be archived and every token revoked. This cannot be undone.`, 'Deregister')) return;
            try {
              await post(`${base}/deregister`);
              status.show('Agent deregistered.', 'success');
              load();
            } catch (err) { status.show(err.message, 'error'); }
          }}}, 'Deregister')));
  }

  async function loadSpending() {
    try {
      const [s, leases] = await Promise.all([get(`${base}/spending`),
        get(`/v1/spend-guard/budget-leases?agent=${enc(id)}&status=active`).catch(() => ({leases: []}))]);
      const list = leases.leases || leases.data || [];
      const lease = list.find((l) => l.child_agent === id);
      const given = list.filter((l) => l.parent_agent === id);
      fill(spending, h('h2', {id: 'spending-title'}, 'Spending'),
        lease ? h('p', {class: 'notice info', id: 'lease-note'}, `Spends from budget lease ${lease.lease_id} of `,
          h('a', {href: `#/agents/${enc(lease.parent_agent)}`}, 'its parent'),
          `: ${money(lease.remaining, lease.currency)} left of ${money(lease.amount, lease.currency)}`,
          ` (${money(lease.spent, lease.currency)} spent, ${money(lease.held, lease.currency)} held).`) : null,
        windowsChart(`Spending windows of ${agent.name}`, spendingRows(s, lease), s.currency),
        given.length ? h('p', {class: 'hint', id: 'leased-out'}, `Held includes ${given.length} active lease${given.length === 1 ? '' : 's'} to child agents: `,
          given.map((l) => money(l.remaining, l.currency)).join(', '), ' unused.') : null,
        h('p', {class: 'hint'}, `Windows in ${s.timezone}. Held counts pending requests, open reservations and budget leases to child agents.`));
    } catch (err) {
      spending.replaceChildren(h('h2', {id: 'spending-title'}, 'Spending'), h('p', {class: 'notice error'}, err.message));
    }
  }

  async function loadTokens() {
    const reveal = h('div');
    const name = field('Token name', {name: 'token_name', maxlength: 100, autocomplete: 'off', placeholder: 'e.g. production'});
    const form = h('form', {class: 'inline-form', on: {submit: async (e) => {
      e.preventDefault();
      try {
        const t = await post(`${base}/tokens`, name.input.value.trim() ? {name: name.input.value.trim()} : {});
        form.reset();
        await loadTokens();
        tokens.querySelector('.reveal-slot').replaceChildren(secretReveal(`New token ${t.name || t.prefix}`, t.token,
          'Copy this token now: it is shown only once.'));
      } catch (err) { status.show(err.message, 'error'); }
    }}}, name.row, h('button', {type: 'submit', class: 'button secondary', disabled: agent.status === 'archived'}, 'Create token'));
    let rows = [];
    try {
      rows = (await get(`${base}/tokens`)).tokens;
    } catch (err) { status.show(err.message, 'error'); }
    tokens.replaceChildren(h('h2', {id: 'tokens-title'}, 'Tokens'),
      h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
        h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'State', 'Created', 'Last used', ''].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows.length ? rows.map((t) => h('tr', {},
          h('td', {'data-label': 'Name'}, t.name || '—'),
          h('td', {'data-label': 'Prefix'}, h('code', {}, t.prefix)),
          h('td', {'data-label': 'State'}, badge(t.active ? 'active' : 'revoked')),
          h('td', {'data-label': 'Created'}, when(t.created_at)),
          h('td', {'data-label': 'Last used'}, when(t.last_used_at)),
          h('td', {}, t.active ? h('button', {type: 'button', class: 'button danger small',
            'aria-label': `Revoke token ${t.name || t.prefix}`, on: {click: async () => {
              if (!await confirmDialog('Revoke this token?', `The agent's next call with ${t.prefix}… is refused.`, 'Revoke')) return;
              try {
                await del(`${base}/tokens/${enc(t.token_id)}`);
                status.show('Token revoked.', 'success');
                loadTokens();
              } catch (err) { status.show(err.message, 'error'); }
            }}}, 'Revoke') : null)))
          : h('tr', {}, h('td', {colspan: 6, class: 'muted'}, 'No tokens.'))))),
      form, h('div', {class: 'reveal-slot'}, reveal));
  }

  function renderPolicy(current) {
    const p = current && typeof current === 'object' ? structuredClone(current) : {};
    const inputs = {};
    const fieldset = (legend, ...rows) => h('fieldset', {}, h('legend', {}, legend), ...rows);
    const num = ([key, label], hint) => {
      const f = field(label, {name: key, inputmode: 'decimal', autocomplete: 'off', value: p[key] ?? '',
        'data-field': key, hint});
      inputs[key] = f.input;
      return f.row;
    };
    const list = ([key, label]) => {
      const f = field(label, {name: key, autocomplete: 'off', 'data-field': key,
        value: Array.isArray(p[key]) ? p[key].join(', ') : '', hint: 'Comma-separated; empty for none.'});
      inputs[key] = f.input;
      return f.row;
    };
    const aa = p.auto_approve || {};
    const aaEnabled = checkbox('Auto-approve small requests', {name: 'auto_approve.enabled', 'data-field': 'auto_approve.enabled', checked: aa.enabled});
    inputs['auto_approve.enabled'] = aaEnabled.input;
    const aaMax = field('Auto-approve up to', {name: 'auto_approve.max_amount', inputmode: 'decimal', autocomplete: 'off',
      value: aa.max_amount ?? '', 'data-field': 'auto_approve.max_amount'});
    inputs['auto_approve.max_amount'] = aaMax.input;
    const aaCats = field('Only in categories', {name: 'auto_approve.categories', autocomplete: 'off',
      value: Array.isArray(aa.categories) ? aa.categories.join(', ') : '', 'data-field': 'auto_approve.categories',
      hint: 'Comma-separated; empty for every category.'});
    inputs['auto_approve.categories'] = aaCats.input;
    const sc = p.schedule || {};
    const scTz = field('Schedule time zone', {name: 'schedule.timezone', autocomplete: 'off', value: sc.timezone ?? '',
      placeholder: 'e.g. Europe/Berlin', 'data-field': 'schedule.timezone', hint: 'Empty for no schedule.'});
    inputs['schedule.timezone'] = scTz.input;
    const scAllow = field('Allowed hours', {name: 'schedule.default.allow', autocomplete: 'off',
      value: (sc.default && sc.default.allow) ?? '', placeholder: '09:00-18:00', 'data-field': 'schedule.default.allow'});
    inputs['schedule.default.allow'] = scAllow.input;

    const json = field('Policy as JSON', {name: 'policy_json', class: 'code', rows: 18, spellcheck: 'false',
      'data-field': 'json', hint: 'The whole policy; saving replaces it (PUT). Overrides and any other keys live here.'}, 'textarea');
    json.input.value = JSON.stringify(p, null, 2);
    const formError = h('p', {class: 'notice error', role: 'alert', hidden: true});

    const toList = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
    function fromForm() {
      const out = structuredClone(p);
      for (const [key] of [...LIMITS, ...COUNTS]) {
        const v = inputs[key].value.trim();
        if (v === '') delete out[key];
        else out[key] = numeric(v);
      }
      for (const [key] of LISTS) {
        const v = toList(inputs[key].value);
        if (v.length) out[key] = v; else delete out[key];
      }
      const auto = {...(out.auto_approve || {})};
      auto.enabled = inputs['auto_approve.enabled'].checked;
      const max = inputs['auto_approve.max_amount'].value.trim();
      if (max) auto.max_amount = numeric(max); else delete auto.max_amount;
      const cats = toList(inputs['auto_approve.categories'].value);
      if (cats.length) auto.categories = cats; else delete auto.categories;
      if (auto.enabled || auto.max_amount || auto.categories) out.auto_approve = auto; else delete out.auto_approve;
      const tz = inputs['schedule.timezone'].value.trim();
      const allow = inputs['schedule.default.allow'].value.trim();
      if (tz || allow || out.schedule) {
        const s = {...(out.schedule || {})};
        if (tz) s.timezone = tz; else delete s.timezone;
        s.default = {...(s.default || {})};
        if (allow) s.default.allow = allow; else delete s.default.allow;
        if (!tz && !allow && !s.overrides) delete out.schedule; else out.schedule = s;
      }
      return out;
    }

    /** The owner API names the field as a JSON path; show it on the matching input. */
    function showErrors(errors, mode) {
      let first = null;
      for (const fe of errors) {
        const path = String(fe.field || '').replace(/^policy\./, '');
        let input = mode === 'json' ? null : inputs[path] || inputs[path.replace(/\[\d+\]$/, '')];
        if (!input) input = json.input;
        const msg = `${path} ${fe.message}`;
        const errEl = document.getElementById(`${input.id}-error`);
        setFieldError(input, errEl && !errEl.hidden ? `${errEl.textContent}; ${msg}` : (input === json.input ? msg : fe.message));
        if (input === json.input && mode !== 'json') jsonDetails.open = true;
        first = first || input;
      }
      if (first) first.focus();
    }

    async function save(body, mode) {
      clearFieldErrors(policy);
      formError.hidden = true;
      status.show('');
      try {
        const saved = await put(`${base}/policy`, body);
        // Saved, but contradicting itself (docs/policy.md, "Warnings"): say so, and show each under its field.
        const warnings = Array.isArray(saved.warnings) ? saved.warnings : [];
        if (warnings.length) status.show(`Policy saved, with warnings: ${warnings.map((w) => `${w.field} ${w.message}`).join('; ')}`, 'warning');
        else status.show('Policy saved. The next request uses it.', 'success');
        renderPolicy(saved.policy);
        renderTryIt();
        showWarnings(warnings);
      } catch (err) {
        if (err.fieldErrors.length) showErrors(err.fieldErrors, mode);
        else { formError.textContent = err.message; formError.hidden = false; }
      }
    }

    const jsonDetails = h('details', {class: 'raw-json'}, h('summary', {}, 'Raw JSON'),
      h('form', {on: {submit: (e) => {
        e.preventDefault();
        let body;
        try {
          body = JSON.parse(json.input.value || 'null');
        } catch (err) {
          clearFieldErrors(policy);
          setFieldError(json.input, `Not valid JSON: ${err.message}`);
          json.input.focus();
          return;
        }
        save(body, 'json');
      }}}, json.row, h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button secondary'}, 'Save JSON'))));

    const form = h('form', {id: 'policy-form', novalidate: true, on: {submit: (e) => { e.preventDefault(); save(fromForm(), 'form'); }}},
      fieldset('Limits', h('div', {class: 'grid'}, LIMITS.map((l) => num(l)))),
      fieldset('Velocity', h('div', {class: 'grid'}, COUNTS.map((c) => num(c)))),
      fieldset('Categories and merchants', h('div', {class: 'grid'}, LISTS.map(list))),
      fieldset('Auto-approve', aaEnabled.row, h('div', {class: 'grid'}, aaMax.row, aaCats.row)),
      fieldset('Schedule', h('div', {class: 'grid'}, scTz.row, scAllow.row)),
      formError,
      h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary', disabled: agent.status === 'archived'}, 'Save policy')));
    policy.replaceChildren(h('h2', {id: 'policy-title'}, 'Policy'),
      h('p', {class: 'muted'}, 'Empty fields mean no limit. Amounts in the account currency.'), form, jsonDetails);
  }

  /** Warnings (the API's, and the console's own) under their fields, after a save that stored the policy. */
  function showWarnings(warnings) {
    for (const w of warnings) {
      const path = String(w.field || '').replace(/^policy\./, '');
      const input = policy.querySelector(`[data-field="${CSS.escape(path)}"]`) || policy.querySelector('[data-field=json]');
      const row = input && input.closest('.field');
      if (!row) continue;
      row.append(h('p', {class: 'field-warning', 'data-warning-for': path, role: 'note'}, `Warning: ${w.message}`));
    }
  }

  function renderTryIt() {
    const amount = field('Amount', {name: 'try_amount', inputmode: 'decimal', required: true, autocomplete: 'off', value: '25'});
    const category = field('Category', {name: 'try_category', required: true, autocomplete: 'off', value: 'groceries'});
    const merchant = field('Merchant (optional)', {name: 'try_merchant', autocomplete: 'off'});
    const result = h('div', {class: 'try-result', 'aria-live': 'polite'});
    const form = h('form', {id: 'try-form', on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const body = {amount: amount.input.value.trim(), category: category.input.value.trim()};
      if (merchant.input.value.trim()) body.merchant_name = merchant.input.value.trim();
      try {
        const r = await post(`${base}/check`, body);
        result.replaceChildren(
          h('p', {class: 'verdict'}, 'Would be ', badge(r.status), ` · category ${r.category}`,
            r.budget_remaining !== undefined && r.budget_remaining !== null ? ` · budget left ${money(r.budget_remaining, r.currency)}` : ''),
          checkList(r.policy_check));
      } catch (err) {
        const map = {amount: amount.input, category: category.input, merchant_name: merchant.input};
        const fe = err.fieldErrors.find((x) => map[x.field]);
        if (fe) setFieldError(map[fe.field], fe.message);
        result.replaceChildren(h('p', {class: 'notice error'}, err.message));
      }
    }}}, h('div', {class: 'grid'}, amount.row, category.row, merchant.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button secondary'}, 'Try it')));
    tryIt.replaceChildren(h('h2', {id: 'try-title'}, 'Try it'),
      h('p', {class: 'muted'}, 'A dry run of the Agent API check with the saved policy: nothing is held or recorded.'),
      form, result);
  }

  load();
}

/** A number when it reads as one (the API then checks its range); else the text, for the API to refuse. */
function numeric(v) {
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

function stat(label, value, key) {
  return h('div', {class: 'stat'}, h('dt', {}, label), h('dd', {'data-field': key || null}, value));
}
