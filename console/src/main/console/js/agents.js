// Agents: the list with money figures, registration (token shown once), and the kill switch.
import {h, field, badge, statusLine, confirmDialog, secretReveal, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, allAgents, enc} from './api.js';
import {money} from './format.js';

/** The kill switch stops every agent whatever its own status: an "Active" badge would be a lie. */
export function statusBadge(agent, account) {
  if (account && account.all_agents_paused && agent.status !== 'archived') return badge('paused (kill switch)', 'paused kill-switch');
  return badge(agent.status);
}

export function render(main) {
  const status = statusLine();
  const killBox = h('section', {class: 'card kill', 'aria-labelledby': 'kill-title'});
  const tableBody = h('tbody');
  const reveal = h('div');
  const showArchived = h('input', {type: 'checkbox', id: 'show-archived'});

  main.append(
    h('div', {class: 'page-head'}, h('h1', {}, 'Agents'),
      h('p', {class: 'muted'}, 'Budgets, what is spent and held, and the switch that stops them all.')),
    status, killBox,
    h('section', {class: 'card', 'aria-labelledby': 'agents-title'},
      h('div', {class: 'section-head'}, h('h2', {id: 'agents-title'}, 'All agents'),
        h('div', {class: 'field check'}, showArchived, h('label', {for: 'show-archived'}, 'Show archived'))),
      h('div', {class: 'table-wrap'}, h('table', {class: 'data responsive'},
        h('caption', {class: 'visually-hidden'}, 'Agents with status, budget, spent, held and remaining'),
        h('thead', {}, h('tr', {}, ['Name', 'Status', 'Budget', 'Spent', 'Held', 'Remaining', 'Pending']
          .map((t) => h('th', {scope: 'col'}, t)))),
        tableBody))),
    registerForm(), reveal);

  async function load() {
    try {
      const [account, agents] = await Promise.all([get('/v1/account'), allAgents()]);
      renderKill(account);
      const shown = agents.filter((a) => showArchived.checked || a.status !== 'archived');
      tableBody.replaceChildren(...shown.map((a) => h('tr', {'data-agent-id': a.agent_id},
        h('th', {scope: 'row', 'data-label': 'Name'}, h('a', {href: `#/agents/${enc(a.agent_id)}`}, a.name)),
        h('td', {'data-label': 'Status'}, statusBadge(a, account)),
        h('td', {'data-label': 'Budget', class: 'num'}, money(a.budget, account.currency)),
        h('td', {'data-label': 'Spent', class: 'num', 'data-field': 'spent'}, money(a.spent, account.currency)),
        h('td', {'data-label': 'Held', class: 'num', 'data-field': 'held'}, money(a.held, account.currency)),
        h('td', {'data-label': 'Remaining', class: 'num', 'data-field': 'remaining'}, money(a.remaining, account.currency)),
        h('td', {'data-label': 'Pending', class: 'num'}, String(a.pending_count ?? 0)))));
      if (!shown.length) tableBody.replaceChildren(h('tr', {}, h('td', {colspan: 7, class: 'muted'}, 'No agents yet: register one below.')));
    } catch (err) {
      status.show(`Could not load agents: ${err.message}`, 'error');
    }
  }

  function renderKill(account) {
    const paused = account.all_agents_paused;
    const button = h('button', {type: 'button', id: 'kill-switch', class: paused ? 'button primary' : 'button danger',
      on: {click: async () => {
        const ok = await confirmDialog(paused ? 'Resume all agents?' : 'Pause every agent?',
          paused ? 'Agents go back to their own status (paused agents stay paused).'
            : 'Every Agent API call will be refused with 403 until you resume. Pending requests stay pending.',
          paused ? 'Resume agents' : 'Pause all agents');
        if (!ok) return;
        try {
          await post('/v1/account/kill-switch', {paused: !paused});
          status.show(paused ? 'Agents resumed.' : 'Kill switch on: every agent is paused.', paused ? 'success' : 'warning');
          window.dispatchEvent(new Event('purser:account-changed'));
          load();
        } catch (err) {
          status.show(err.message, 'error');
        }
      }}}, paused ? 'Resume all agents' : 'Pause all agents');
    killBox.replaceChildren(
      h('div', {}, h('h2', {id: 'kill-title'}, 'Kill switch'),
        h('p', {id: 'kill-state', class: paused ? 'state off' : 'state on'},
          paused ? 'All agents are paused: the Agent API refuses every call.' : 'Agents are running under their policies.')),
      button);
  }

  function registerForm() {
    const name = field('Name', {name: 'name', required: true, maxlength: 200, autocomplete: 'off'});
    const external = field('External id (optional)', {name: 'external_id', maxlength: 255, autocomplete: 'off',
      hint: 'Registering the same external id again returns the existing agent.'});
    const budget = field('Budget', {name: 'budget', inputmode: 'decimal', value: '0', autocomplete: 'off'});
    const description = field('Description (optional)', {name: 'description', maxlength: 1000, autocomplete: 'off'});
    const inputs = {name: name.input, external_id: external.input, budget: budget.input, description: description.input};
    const form = h('form', {class: 'card', 'aria-labelledby': 'register-title', on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      const body = {name: inputs.name.value.trim(), budget: inputs.budget.value.trim() || '0'};
      if (inputs.external_id.value.trim()) body.external_id = inputs.external_id.value.trim();
      if (inputs.description.value.trim()) body.description = inputs.description.value.trim();
      try {
        const a = await post('/v1/agents/register', body);
        if (a.created) {
          reveal.replaceChildren(secretReveal(`Token for ${a.name}`, a.token,
            'Copy this agent token now: it is shown only once. Give it to the agent as LETAGENTPAY_TOKEN.'));
        } else {
          reveal.replaceChildren(h('p', {class: 'notice info'}, `${a.name} already exists with that external id; no new token was made.`));
        }
        form.reset();
        status.show(`Registered ${a.name}.`, 'success');
        load();
      } catch (err) {
        const errors = err.fieldErrors;
        if (errors.length) errors.forEach((fe) => inputs[fe.field] && setFieldError(inputs[fe.field], fe.message));
        else status.show(err.message, 'error');
      }
    }}},
    h('h2', {id: 'register-title'}, 'Register an agent'),
    h('div', {class: 'grid'}, name.row, external.row, budget.row, description.row),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Register agent')));
    return form;
  }

  showArchived.addEventListener('change', load);
  load();
  const timer = setInterval(load, 10000);
  return () => clearInterval(timer);
}
