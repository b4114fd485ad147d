// Spending: windows for the account (the sum of its agents, against the account's budget rules)
// and per agent; the request history with filters and a CSV export; the budget rules editor.
import {h, field, checkbox, badge, statusLine, confirmDialog, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, patch, del, allAgents, query, enc} from './api.js';
import {money, when} from './format.js';
import {windowsChart, spendingRows} from './chart.js';

const STATUSES = ['', 'pending', 'auto_approved', 'approved', 'rejected', 'expired', 'completed', 'failed'];
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function render(main) {
  const status = statusLine();
  const charts = h('section', {class: 'card', 'aria-labelledby': 'windows-title'});
  const history = h('section', {class: 'card', 'aria-labelledby': 'history-title'});
  const rules = h('section', {class: 'card', 'aria-labelledby': 'rules-title'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Spending'),
    h('p', {class: 'muted'}, 'What is spent and held against each limit, what was asked, and the account-wide rules.')),
  status, charts, history, rules);

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

  // --- Request history -------------------------------------------------------------------
  const statusFilter = field('Status', {name: 'status_filter'}, 'select', STATUSES.map((s) => [s, s ? s.replace('_', ' ') : 'Any status']));
  const agentFilter = field('Agent', {name: 'agent_filter'}, 'select', [['', 'Any agent']]);
  const textFilter = field('Merchant, category or text', {name: 'text_filter', type: 'search', autocomplete: 'off'});
  const rowsBody = h('tbody');
  const more = h('button', {type: 'button', class: 'button secondary', hidden: true}, 'Load more');
  const exportButton = h('button', {type: 'button', class: 'button secondary', id: 'export-csv'}, 'Export CSV');
  const exportLink = h('a', {hidden: true, download: 'purser-requests.csv'});
  let loaded = [];
  let cursor = null;

  function visible() {
    const t = textFilter.input.value.trim().toLowerCase();
    if (!t) return loaded;
    return loaded.filter((r) => [r.merchant_name, r.category, r.original_category, r.description, r.agent_comment]
      .some((v) => v && String(v).toLowerCase().includes(t)));
  }

  function drawRows() {
    const names = new Map(agents.map((a) => [a.agent_id, a.name]));
    const rows = visible();
    rowsBody.replaceChildren(...(rows.length ? rows.map((r) => h('tr', {},
      h('td', {'data-label': 'Asked'}, when(r.created_at)),
      h('td', {'data-label': 'Agent'}, names.get(r.agent_id) || r.agent_id),
      h('td', {'data-label': 'Amount', class: 'num'}, money(r.amount, r.currency)),
      h('td', {'data-label': 'Category'}, r.category),
      h('td', {'data-label': 'Merchant'}, r.merchant_name || '—'),
      h('td', {'data-label': 'Status'}, badge(r.status)),
      h('td', {'data-label': 'Description'}, r.description || '—')))
      : [h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No requests match.'))]));
    more.hidden = !cursor;
  }

  async function loadHistory(reset) {
    if (reset) { loaded = []; cursor = null; }
    try {
      const page = await get(`/v1/requests${query({status: statusFilter.input.value, agent_id: agentFilter.input.value, limit: 100, cursor})}`);
      loaded = loaded.concat(page.requests);
      cursor = page.next_cursor;
      drawRows();
    } catch (err) { status.show(err.message, 'error'); }
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
  statusFilter.input.addEventListener('change', () => loadHistory(true));
  agentFilter.input.addEventListener('change', () => loadHistory(true));
  textFilter.input.addEventListener('input', drawRows);

  history.append(h('h2', {id: 'history-title'}, 'Request history'),
    h('div', {class: 'filters grid'}, statusFilter.row, agentFilter.row, textFilter.row),
    h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
      h('thead', {}, h('tr', {}, ['Asked', 'Agent', 'Amount', 'Category', 'Merchant', 'Status', 'Description'].map((t) => h('th', {scope: 'col'}, t)))),
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
    loadHistory(true);
    loadRules();
  })();
}

/** One CSV cell; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula. */
export function csvCell(v) {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
