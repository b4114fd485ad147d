// The console shell: sign-in, navigation, the kill-switch banner and a hash router. Pages are
// modules exporting render(main, params) → optional cleanup (stops their timers).
import {h, field} from './dom.js';
import {api, get, session} from './api.js';
import * as queue from './queue.js';
import * as agents from './agents.js';
import * as agent from './agent.js';
import * as spending from './spending.js';
import * as webhooks from './webhooks.js';
import * as moneyPage from './money.js';
import * as operator from './operator.js';
import * as settings from './settings.js';
import * as leases from './leases.js';
import * as disputes from './disputes.js';
import * as mandates from './mandates.js';

const PAGES = [
  {path: 'queue', title: 'Review queue', module: queue},
  {path: 'agents', title: 'Agents', module: agents},
  {path: 'spending', title: 'Spending', module: spending},
  {path: 'money', title: 'Money', module: moneyPage},
  {path: 'leases', title: 'Leases', module: leases},
  {path: 'mandates', title: 'Mandates', module: mandates},
  {path: 'disputes', title: 'Disputes', module: disputes},
  {path: 'webhooks', title: 'Webhooks', module: webhooks},
  {path: 'settings', title: 'Settings', module: settings},
];

const OPERATOR_PAGES = [{path: 'operator', title: 'Operator', module: operator}];
const pages = () => (session.role() === 'operator' ? OPERATOR_PAGES : PAGES);

const app = document.getElementById('app');
let cleanup = null;
let signInMessage = '';

session.onUnauthorized(() => {
  session.signOut();
  signInMessage = 'Your owner key is no longer accepted (it may have been revoked). Sign in again.';
  show();
});

function signIn() {
  const {row, input} = field('Owner key', {type: 'password', name: 'owner_key', autocomplete: 'off',
    required: true, spellcheck: 'false', placeholder: 'pk_…',
    hint: 'The local runtime prints it at start; on AWS the Bootstrap function returns it.'});
  const error = h('p', {class: 'notice error', role: 'alert', hidden: !signInMessage}, signInMessage);
  const button = h('button', {type: 'submit', class: 'button primary'}, 'Sign in');
  const form = h('form', {class: 'signin card', 'aria-labelledby': 'signin-title', on: {submit: async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    button.disabled = true;
    try {
      const role = await roleOf(key);
      session.signIn(key, role);
      signInMessage = '';
      location.hash = role === 'operator' ? '#/operator' : (location.hash && location.hash !== '#/operator' ? location.hash : '#/queue');
      show();
    } catch (err) {
      error.textContent = err.status === 401
        ? 'That owner key was not accepted: it is wrong or has been revoked.'
        : err.message;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } finally {
      button.disabled = false;
    }
  }}},
  h('div', {class: 'brand large'}, h('span', {class: 'logo', 'aria-hidden': 'true'}, 'P'), 'Purser'),
  h('h1', {id: 'signin-title'}, 'Sign in to the owner console'),
  h('p', {class: 'muted'}, 'Approve what your agents ask for, set their policies and watch the money. Operators sign in with their operator key.'),
  error, row, button,
  h('p', {class: 'hint'}, 'The key stays in this tab only (session storage) and is sent as a bearer token.'));
  app.replaceChildren(h('main', {id: 'main', class: 'signin-page'}, form));
  input.focus();
}

/** An owner key opens the account; an operator key (opk_…) the operator's view. */
async function roleOf(key) {
  try {
    await api('GET', '/v1/account', undefined, key);
    return 'owner';
  } catch (err) {
    if (err.status !== 401 || !key.startsWith('opk_')) throw err;
    await api('GET', '/v1/operator/disputes?limit=1', undefined, key);
    return 'operator';
  }
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (session.role() === 'owner' && parts[0] === 'agents' && parts[1]) return {page: {path: 'agents', title: 'Agent', module: agent}, params: {id: parts[1]}};
  const page = pages().find((p) => p.path === parts[0]) || pages()[0];
  return {page, params: {}};
}

const killBanner = h('div', {class: 'kill-banner', role: 'alert', hidden: true},
  h('strong', {}, 'Kill switch on: '), 'every agent is paused and the Agent API answers 403. ',
  h('a', {href: '#/agents'}, 'Resume on the Agents page'));

async function refreshAccount() {
  if (session.role() === 'operator') {
    accountName.textContent = 'Operator';
    return null;
  }
  try {
    const account = await get('/v1/account');
    killBanner.hidden = !account.all_agents_paused;
    accountName.textContent = account.name;
    return account;
  } catch {
    return null;
  }
}

const accountName = h('span', {class: 'account-name'});

function shell() {
  const nav = h('nav', {'aria-label': 'Main'}, h('ul', {},
    pages().map((p) => h('li', {}, h('a', {href: `#/${p.path}`, 'data-page': p.path}, p.title)))));
  const header = h('header', {class: 'topbar'},
    h('a', {class: 'brand', href: `#/${pages()[0].path}`}, h('span', {class: 'logo', 'aria-hidden': 'true'}, 'P'), 'Purser'),
    nav,
    h('div', {class: 'who'}, accountName,
      h('button', {type: 'button', class: 'button secondary small', id: 'sign-out', on: {click: () => {
        session.signOut();
        signInMessage = 'You are signed out.';
        location.hash = '';
        show();
      }}}, 'Sign out')));
  const main = h('main', {id: 'main', tabindex: '-1'});
  app.replaceChildren(header, killBanner, main);
  return main;
}

let main = null;

function renderPage() {
  if (!session.key()) return;
  if (cleanup) cleanup();
  cleanup = null;
  const {page, params} = route();
  document.title = `${page.title} · Purser console`;
  document.querySelectorAll('nav a').forEach((a) => {
    if (a.dataset.page === page.path) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  main.replaceChildren();
  const result = page.module.render(main, params);
  cleanup = typeof result === 'function' ? result : null;
  refreshAccount();
}

function show() {
  if (cleanup) cleanup();
  cleanup = null;
  if (!session.key()) {
    main = null;
    signIn();
    return;
  }
  main = shell();
  renderPage();
}

window.addEventListener('hashchange', () => {
  if (!main) return show();
  renderPage();
  main.focus({preventScroll: true});
});

show();

// Pages that change the account (the kill switch) ask for the banner to be refreshed.
window.addEventListener('purser:account-changed', () => refreshAccount());
