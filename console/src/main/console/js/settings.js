// Account settings: the account itself (name, time zone, request expiry), owner keys (create,
// shown once; revoke) and categories with their aliases. Budget rules live on the Spending page.
import {h, fill, field, badge, statusLine, confirmDialog, secretReveal, clearFieldErrors, setFieldError} from './dom.js';
import {get, post, patch, del, enc} from './api.js';
import {when} from './format.js';
import {table} from './money.js';

export function render(main) {
  const status = statusLine();
  const account = h('section', {class: 'card', 'aria-labelledby': 'account-title'});
  const keys = h('section', {class: 'card', 'aria-labelledby': 'keys-title'});
  const categories = h('section', {class: 'card', 'aria-labelledby': 'categories-title'});
  main.append(h('div', {class: 'page-head'}, h('h1', {}, 'Settings'),
    h('p', {class: 'muted'}, 'The account, the keys that open it, and the categories agents ask in. Budget rules are on the Spending page.')),
  status, account, keys, categories);

  async function loadAccount() {
    let a;
    try { a = await get('/v1/account'); } catch (err) { status.show(err.message, 'error'); return; }
    const name = field('Account name', {name: 'account_name', value: a.name, maxlength: 200, autocomplete: 'off'});
    const tz = field('Time zone', {name: 'timezone', value: a.timezone, autocomplete: 'off', spellcheck: 'false',
      hint: 'IANA name, e.g. Europe/Berlin: daily, weekly and monthly windows turn over at its midnight.'});
    const expiry = field('Requests expire after (minutes)', {name: 'request_expiry_minutes', value: a.request_expiry_minutes,
      inputmode: 'numeric', autocomplete: 'off', hint: '5 to 1440.'});
    const inputs = {name: name.input, timezone: tz.input, request_expiry_minutes: expiry.input};
    const form = h('form', {id: 'account-form', novalidate: true, on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      status.show('');
      const v = expiry.input.value.trim();
      try {
        await patch('/v1/account', {name: name.input.value.trim(), timezone: tz.input.value.trim(),
          request_expiry_minutes: /^\d+$/.test(v) ? Number(v) : v});
        status.show('Account saved.', 'success');
        window.dispatchEvent(new Event('purser:account-changed'));
        loadAccount();
      } catch (err) {
        const shown = err.fieldErrors.filter((fe) => inputs[fe.field]);
        shown.forEach((fe) => setFieldError(inputs[fe.field], fe.message));
        if (!shown.length) status.show(err.message, 'error');
      }
    }}}, h('div', {class: 'grid'}, name.row, tz.row, expiry.row),
    h('p', {class: 'hint'}, `Account ${a.account_id} · currency ${a.currency} · created ${when(a.created_at)}`),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Save account')));
    fill(account, h('h2', {id: 'account-title'}, 'Account'), form);
  }

  async function loadKeys() {
    let list = [];
    try { list = (await get('/v1/account/keys')).keys; } catch (err) { status.show(err.message, 'error'); }
    const reveal = h('div', {class: 'reveal-slot'});
    const name = field('Key name', {name: 'key_name', maxlength: 100, autocomplete: 'off', placeholder: 'e.g. back office'});
    const form = h('form', {class: 'inline-form', on: {submit: async (e) => {
      e.preventDefault();
      try {
        const k = await post('/v1/account/keys', name.input.value.trim() ? {name: name.input.value.trim()} : {});
        await loadKeys();
        keys.querySelector('.reveal-slot').replaceChildren(secretReveal(`Owner key ${k.name || k.prefix}`, k.key,
          'Copy this owner key now: it is shown only once. It opens this whole account.'));
        status.show(`Key ${k.name || k.prefix} created.`, 'success');
      } catch (err) { status.show(err.message, 'error'); }
    }}}, name.row, h('button', {type: 'submit', class: 'button secondary'}, 'Create key'));
    fill(keys, h('h2', {id: 'keys-title'}, 'Owner keys'),
      h('p', {class: 'muted'}, 'To rotate: create a new key, sign in with it, then revoke the old one (a key cannot revoke itself).'),
      table(['Name', 'Prefix', 'State', 'Created', 'Revoked', ''], list.map((k) => h('tr', {'data-key-id': k.key_id},
        h('td', {'data-label': 'Name', class: 'key-name'}, k.name || '—'),
        h('td', {'data-label': 'Prefix'}, h('code', {}, k.prefix)),
        h('td', {'data-label': 'State'}, badge(k.active ? 'active' : 'revoked')),
        h('td', {'data-label': 'Created'}, when(k.created_at)),
        h('td', {'data-label': 'Revoked'}, when(k.revoked_at)),
        h('td', {}, k.active ? h('button', {type: 'button', class: 'button danger small', 'aria-label': `Revoke key ${k.name || k.prefix}`,
          on: {click: async () => {
            if (!await confirmDialog('Revoke this owner key?', `Anything signed in with ${k.prefix}… is refused from its next call.`, 'Revoke')) return;
            try {
              await del(`/v1/account/keys/${enc(k.key_id)}`);
              status.show('Key revoked.', 'success');
              loadKeys();
            } catch (err) { status.show(err.code === 'key_in_use' ? 'This is the key you are signed in with: sign in with another key to revoke it.' : err.message, 'error'); }
          }}}, 'Revoke') : null))), 'No keys.'),
      form, reveal);
  }

  async function loadCategories() {
    let list = [];
    try { list = (await get('/v1/account/categories')).categories; } catch (err) { status.show(err.message, 'error'); }
    const name = field('New category', {name: 'category_name', maxlength: 50, autocomplete: 'off', spellcheck: 'false',
      hint: 'Lower case letters, digits and _, starting with a letter.'});
    const form = h('form', {class: 'inline-form', novalidate: true, on: {submit: async (e) => {
      e.preventDefault();
      clearFieldErrors(form);
      try {
        await post('/v1/account/categories', {name: name.input.value.trim()});
        status.show('Category added.', 'success');
        loadCategories();
      } catch (err) { setFieldError(name.input, err.message); }
    }}}, name.row, h('button', {type: 'submit', class: 'button secondary'}, 'Add category'),
    h('button', {type: 'button', class: 'button secondary', on: {click: async () => {
      try { await post('/v1/account/categories/import-defaults'); status.show('Default categories imported.', 'success'); loadCategories(); } catch (err) { status.show(err.message, 'error'); }
    }}}, 'Import defaults'));
    fill(categories, h('h2', {id: 'categories-title'}, 'Categories'),
      table(['Category', 'Aliases', ''], list.map((c) => h('tr', {'data-category': c.name},
        h('th', {scope: 'row', 'data-label': 'Category'}, c.name),
        h('td', {'data-label': 'Aliases'}, (c.aliases || []).join(', ') || '—'),
        h('td', {}, h('button', {type: 'button', class: 'button danger small', 'aria-label': `Remove category ${c.name}`, on: {click: async () => {
          if (!await confirmDialog(`Remove ${c.name}?`, 'Its aliases go too. Policies naming it are left as written.', 'Remove')) return;
          try { await del(`/v1/account/categories/${enc(c.name)}`); loadCategories(); } catch (err) { status.show(err.message, 'error'); }
        }}}, 'Remove')))), 'No categories.'),
      form);
  }

  loadAccount();
  loadKeys();
  loadCategories();
}
