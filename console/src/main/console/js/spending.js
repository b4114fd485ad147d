// Spending: windows for the account (the sum of its agents, against the account's budget rules)
// and per agent; the request history with filters and a CSV export; the budget rules editor.
import {h, fill, field, checkbox, badge, statusLine, confirmDialog, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, patch, del, allAgents, query, enc} from './api.js';
import {money, when} from './format.js';
import {windowsChart, spendingRows, dailySpend, dailyChart} from './chart.js';

const STATUSES = ['', 'pending', 'auto_approved', 'approved', 'rejected', 'expired', 'completed', 'failed'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function render(main) {
  const status = statusLine();
  const charts = h('section', {class: 'card', 'aria-labelledby': 'windows-title'});
  const history = h('section', {class: 'card', 'aria-labelledby': 'history-title'});
  const rules = h('section', {class: 'card', 'aria-labelledby': 'rules-title'});
  const overTime = h('section', {class: 'card', 'aria-labelledby': 'over-time-title', id: 'over-time'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Spending'),
    h('p', {class: 'muted'}, 'What is spent and held against each limit, what was asked, and the account-wide rules.')),
  status, charts, overTime, history, rules);

  let agents = [];
  let account = null;

  async function loadCharts() {
    const [acc, list, ruleList] = await Promise.all([get('/v1/account'), allAgents(), get('/v1/account/budget-rules')]);
    account = acc;
    agents = list.filter((a) => a.status !== 'archived');
    const spend = await Promise.all(agents.slice(0, 50).map((a) => get(`/v1/agents/${enc(a.agent_id)}/spending`)));
    const sum = (k, f) => spend.reduce((t, s) => t + Math.round(Number((s.windows[k] || {})[f] || 0) * 100), 0) / 100;
    const ruleLimit = (type) => {
      const limits = ruleList.rules.filter((r) => r.is_active && r.limit_type === type).map((r) => Number(r.limit_amount));
      return limits.length ? Math.min(...limits).toFixed(2) : null;
    };
    const label = {daily: 'Today', weekly: 'This week', monthly: 'This month'};
    const accountRows = ['daily', 'weekly', 'monthly'].map((k) => ({
      label: label[k], period: spend[0] ? spend[0].windows[k].period : '',
      spent: sum(k, 'spent').toFixed(2), held: sum(k, 'held').toFixed(2), limit: ruleLimit(k)}));
    const picker = field('Agent', {name: 'chart_agent'}, 'select', agents.map((a) => [a.agent_id, a.name]));
    const agentChart = h('div');
    const showAgent = () => {
      const i = agents.findIndex((a) => a.agent_id === picker.input.value);
      agentChart.replaceChildren(i >= 0 && spend[i]
        ? windowsChart(`Spending windows of ${agents[i].name}`, spendingRows(spend[i]), spend[i].currency) : h('p', {class: 'muted'}, 'No agents.'));
    };
    picker.input.addEventListener('change', showAgent);
    charts.replaceChildren(h('h2', {id: 'windows-title'}, 'Windows'),
      h('div', {class: 'two-col'},
        h('div', {}, windowsChart('Whole account (all agents; limits from active budget rules)', accountRows, account.currency)),
        h('div', {}, picker.row, agentChart)));
    showAgent();
  }

  // --- Spending over time: daily spend for 30 or 90 days, the account or one agent ------------
  const MAX_PAGES = 30;
  let recent = null;

  async function loadOverTime() {
    const since = new Date(Date.now() - 91 * 86400000).toISOString().slice(0, 10);
    const rows = [];
    let next = null;
    let pages = 0;
    do {
      const page = await get(`/v1/requests${query({from: since, limit: 100, cursor: next})}`);
      rows.push(...page.requests);
      next = page.next_cursor;
      pages += 1;
    } while (next && pages < MAX_PAGES);
    recent = {rows, truncated: Boolean(next)};
    drawOverTime();
  }

  const who = field('Whose spending', {name: 'daily_agent'}, 'select', [['', 'Whole account']]);
  const span = field('Days', {name: 'daily_days'}, 'select', [['30', 'Last 30 days'], ['90', 'Last 90 days']]);
  who.input.addEventListener('change', () => drawOverTime());
  span.input.addEventListener('change', () => drawOverTime());
  const dailyBox = h('div');
  overTime.append(h('h2', {id: 'over-time-title'}, 'Spending over time'),
    h('div', {class: 'filters grid'}, who.row, span.row), dailyBox);

  function drawOverTime() {
    if (!recent || !account) return;
    const days = Number(span.input.value);
    const agentId = who.input.value;
    const name = agentId ? (agents.find((a) => a.agent_id === agentId) || {}).name : 'the whole account';
    fill(dailyBox, 
      dailyChart(`Daily spend of ${name}, last ${days} days (${account.timezone})`,
        dailySpend(recent.rows, days, account.timezone, agentId), account.currency),
      recent.truncated ? h('p', {class: 'notice warning'}, `Only the newest ${MAX_PAGES * 100} requests are charted.`) : null);
  }

  // --- Request history -------------------------------------------------------------------
  const statusFilter = field('Status', {name: 'status_filter'}, 'select', STATUSES.map((s) => [s, s ? s.replace('_', ' ') : 'Any status']));
  const agentFilter = field('Agent', {name: 'agent_filter'}, 'select', [['', 'Any agent']]);
  const merchantFilter = field('Merchant contains', {name: 'merchant_filter', type: 'search', autocomplete: 'off'});
  const fromFilter = field('From', {name: 'from_filter', type: 'date'});
  const toFilter = field('To', {name: 'to_filter', type: 'date'});
  const minFilter = field('Amount from', {name: 'min_filter', inputmode: 'decimal', autocomplete: 'off'});
  const maxFilter = field('Amount to', {name: 'max_filter', inputmode: 'decimal', autocomplete: 'off'});
  const filterInputs = {status: statusFilter.input, agent_id: agentFilter.input, merchant: merchantFilter.input,
    from: fromFilter.input, to: toFilter.input, min_amount: minFilter.input, max_amount: maxFilter.input};
  const rowsBody = h('tbody');
  const more = h('button', {type: 'button', class: 'button secondary', hidden: true}, 'Load more');
  const exportButton = h('button', {type: 'button', class: 'button secondary', id: 'export-csv'}, 'Export CSV');
  const exportLink = h('a', {hidden: true, download: 'purser-requests.csv'});
  let loaded = [];
  let cursor = null;

  const visible = () => loaded;

  function drawRows() {
    const names = new Map(agents.map((a) => [a.agent_id, a.name]));
    const rows = visible();
    rowsBody.replaceChildren(...(rows.length ? rows.map((r) => h('tr', {},
      h('td', {'data-label': 'Asked'}, when(r.created_at)),
      h('td', {'data-label': 'Agent'}, names.get(r.agent_id) || r.agent_id),
      h('td', {'data-label': 'Amount', class: 'num'}, money(r.amount, r.currency)),
      h('td', {'data-label': 'Category'}, r.category),
      h('td', {'data-label': 'Merchant', class: /^wallet:/.test(r.merchant_name || '') ? 'id-cell' : null}, r.merchant_name || '—'),
      h('td', {'data-label': 'Approval', 'data-field': 'approval'}, badge(r.status), why(r) ? h('span', {class: 'why'}, why(r)) : null),
      h('td', {'data-label': 'Outcome', 'data-field': 'outcome'}, outcome(r)),
      h('td', {'data-label': 'Description'}, payments.has(r.request_id)
        ? `Payment${payments.get(r.request_id).description ? `: ${payments.get(r.request_id).description}` : ''}` : r.description || '—')))
      : [h('tr', {}, h('td', {colspan: 8, class: 'muted'}, 'No requests match.'))]));
    more.hidden = !cursor;
  }

  // A payment is recorded as a request with the payment's id: its approval is the request's
  // status, its outcome (completed, refunded, …) the payment's.
  const payments = new Map();

  function outcome(r) {
    const p = payments.get(r.request_id);
    if (p) return badge(p.status);
    if (r.status === 'completed' || r.completed_at) return badge('completed');
    if (r.status === 'failed') return badge('failed');
    return '—';
  }

  async function loadPayments(requests) {
    const ids = requests.map((r) => r.request_id).filter((id) => String(id).startsWith('pay_') && !payments.has(id));
    await Promise.all(ids.slice(0, 100).map(async (id) => {
      try { payments.set(id, await get(`/v1/payments/${enc(id)}`)); } catch { /* shown as its request */ }
    }));
  }

  // Every filter is the server's (GET /v1/requests): the search covers the whole history, not the loaded rows.
  let searches = 0;
  async function loadHistory(reset) {
    if (reset) { loaded = []; cursor = null; }
    clearFieldErrors(history);
    const params = Object.fromEntries(Object.entries(filterInputs).map(([k, input]) => [k, input.value.trim()]));
    const mine = ++searches;
    try {
      const page = await get(`/v1/requests${query({...params, limit: 100, cursor})}`);
      await loadPayments(page.requests);
      if (mine !== searches) return; // a newer search was sent meanwhile: its answer wins
      loaded = loaded.concat(page.requests);
      cursor = page.next_cursor;
      drawRows();
    } catch (err) {
      const fe = err.fieldErrors.find((x) => filterInputs[x.field]);
      if (fe) setFieldError(filterInputs[fe.field], fe.message);
      else status.show(err.message, 'error');
    }
  }

  exportButton.addEventListener('click', () => {
    const cols = ['request_id', 'created_at', 'agent_id', 'status', 'amount', 'currency', 'category', 'original_category',
      'merchant_name', 'description', 'agent_comment', 'reviewed_at', 'review_reason', 'actual_amount'];
    const lines = [cols.join(',')].concat(visible().map((r) => cols.map((c) => csvCell(r[c])).join(',')));
    const url = URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], {type: 'text/csv'}));
    exportLink.href = url;
    exportLink.click();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status.show(`Exported ${lines.length - 1} requests.`, 'success');
  });
  more.addEventListener('click', () => loadHistory(false));
  const searchForm = h('form', {class: 'filters', id: 'history-search', novalidate: true, on: {submit: (e) => { e.preventDefault(); loadHistory(true); }}},
    h('div', {class: 'grid'}, statusFilter.row, agentFilter.row, merchantFilter.row, fromFilter.row, toFilter.row, minFilter.row, maxFilter.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button secondary'}, 'Search')));
  statusFilter.input.addEventListener('change', () => loadHistory(true));
  agentFilter.input.addEventListener('change', () => loadHistory(true));

  history.append(h('h2', {id: 'history-title'}, 'Request history'),
    h('p', {class: 'muted'}, 'Search the whole history by status, agent, merchant, dates (UTC) and amount.'),
    searchForm,
    h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
      h('thead', {}, h('tr', {}, ['Asked', 'Agent', 'Amount', 'Category', 'Merchant', 'Approval', 'Outcome', 'Description'].map((t) => h('th', {scope: 'col'}, t)))),
      rowsBody)),
    h('div', {class: 'actions'}, more, exportButton, exportLink));

  // --- Budget rules ----------------------------------------------------------------------
  async function loadRules() {
    let list = [];
    try { list = (await get('/v1/account/budget-rules')).rules; } catch (err) { status.show(err.message, 'error'); }
    const cur = account ? account.currency : '';
    rules.replaceChildren(h('h2', {id: 'rules-title'}, 'Account budget rules'),
      h('p', {class: 'muted'}, 'Limits on what all agents together may spend; checked on every request.'),
      h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
        h('thead', {}, h('tr', {}, ['Name', 'Limit', 'Window', 'Days', 'Priority', 'Active', ''].map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, list.length ? list.map((r) => h('tr', {},
          h('td', {'data-label': 'Name'}, r.name),
          h('td', {'data-label': 'Limit', class: 'num'}, money(r.limit_amount, cur)),
          h('td', {'data-label': 'Window'}, r.limit_type),
          h('td', {'data-label': 'Days'}, r.days_of_week ? r.days_of_week.map((d) => DAYS[d]).join(' ') : 'every day'),
          h('td', {'data-label': 'Priority', class: 'num'}, String(r.priority)),
          h('td', {'data-label': 'Active'}, h('button', {type: 'button', class: 'button secondary small', 'aria-pressed': String(r.is_active),
            'aria-label': `${r.is_active ? 'Deactivate' : 'Activate'} rule ${r.name}`, on: {click: async () => {
              try { await patch(`/v1/account/budget-rules/${enc(r.id)}`, {is_active: !r.is_active}); loadRules(); loadCharts(); } catch (err) { status.show(err.message, 'error'); }
            }}}, r.is_active ? 'On' : 'Off')),
          h('td', {}, h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete rule ${r.name}`, on: {click: async () => {
            if (!await confirmDialog('Delete this rule?', `${r.name} stops limiting spending at once.`, 'Delete')) return;
            try { await del(`/v1/account/budget-rules/${enc(r.id)}`); loadRules(); loadCharts(); } catch (err) { status.show(err.message, 'error'); }
          }}}, 'Delete'))))
          : h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No rules: only agent policies limit spending.'))))),
      ruleForm());
  }

  function ruleForm() {
    const name = field('Rule name', {name: 'name', required: true, maxlength: 255, autocomplete: 'off'});
    const amount = field('Limit', {name: 'limit_amount', required: true, inputmode: 'decimal', autocomplete: 'off'});
    const type = field('Window', {name: 'limit_type'}, 'select', [['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['total', 'Total']]);
    const priority = field('Priority', {name: 'priority', inputmode: 'numeric', value: '0', autocomplete: 'off'});
    const days = DAYS.map((d, i) => checkbox(d, {name: 'days', value: String(i)}));
    const daysSet = h('fieldset', {class: 'days'}, h('legend', {}, 'Days (none ticked = every day)'), days.map((d) => d.row),
      h('p', {class: 'field-error', id: 'rule-days-error', hidden: true}));
    const inputs = {name: name.input, limit_amount: amount.input, limit_type: type.input, priority: priority.input, days_of_week: days[0].input};
    const form = h('form', {class: 'subform', on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const picked = days.filter((d) => d.input.checked).map((d) => Number(d.input.value));
      const body = {name: name.input.value.trim(), limit_type: type.input.value, limit_amount: amount.input.value.trim(),
        priority: /^\d+$/.test(priority.input.value.trim()) ? Number(priority.input.value.trim()) : priority.input.value.trim(),
        days_of_week: picked.length ? picked : null};
      try {
        await post('/v1/account/budget-rules', body);
        status.show(`Rule ${body.name} added.`, 'success');
        loadRules();
        loadCharts();
      } catch (err) {
        const errors = err.fieldErrors;
        errors.forEach((fe) => {
          const input = inputs[String(fe.field).replace(/\[\d+\]$/, '')];
          if (input) setFieldError(input, fe.message);
        });
        if (!errors.some((fe) => inputs[String(fe.field).replace(/\[\d+\]$/, '')])) status.show(err.message, 'error');
      }
    }}}, h('h3', {}, 'Add a rule'), h('div', {class: 'grid'}, name.row, amount.row, type.row, priority.row), daysSet,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Add rule')));
    return form;
  }

  (async () => {
    try {
      await loadCharts();
    } catch (err) { status.show(`Could not load spending: ${err.message}`, 'error'); }
    agentFilter.input.append(...agents.map((a) => h('option', {value: a.agent_id}, a.name)));
    who.input.append(...agents.map((a) => h('option', {value: a.agent_id}, a.name)));
    loadOverTime().catch((err) => status.show(`Could not load the daily spend: ${err.message}`, 'error'));
    loadHistory(true);
    loadRules();
  })();
}

/** Why a request was declined: the failing check, a reviewer's reason, or the expiry. */
export function why(r) {
  if (r.status === 'rejected') {
    const failed = ((r.policy_check && r.policy_check.checks) || []).find((c) => c.result === 'fail' || c.result === 'failed');
    if (failed) return `${failed.rule}: ${failed.detail || 'failed'}`;
    return r.review_reason ? `Reviewer: ${r.review_reason}` : 'Rejected by a reviewer';
  }
  if (r.status === 'expired') return 'Nobody reviewed it before it expired';
  if (r.status === 'failed' && r.review_reason) return r.review_reason;
  return '';
}

/** One CSV cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
