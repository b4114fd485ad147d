// DOM helpers. Every value reaches the page as a text node or an attribute set through the DOM:
// no innerHTML anywhere, so request descriptions and merchant names (written by agents, i.e.
// attacker-controlled) can never become markup.

const SVG = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'rect', 'line', 'text', 'g', 'title', 'desc']);

/** h('button', {class: 'x', on: {click: fn}}, 'text', child, [more]) */
export function h(tag, props, ...children) {
  const el = SVG_TAGS.has(tag) ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    else if (k === 'text') el.textContent = String(v);
    else if (k === 'value') {
      // The default value too, so form.reset() goes back to it (not to empty).
      if ('defaultValue' in el && el.tagName !== 'SELECT') el.defaultValue = String(v);
      el.value = String(v);
    }
    else if (k === 'checked') el.checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** replaceChildren that, like h(), skips null/false children (replaceChildren would write "null"). */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let ids = 0;
/** A unique id, for label/for and aria-describedby pairs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: returns {row, input}. `kind` is 'input', 'select' or 'textarea'. */
export function field(label, props = {}, kind = 'input', options = []) {
  const id = props.id || uid('field');
  const hint = props.hint;
  const errId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const attrs = {...props, id, 'aria-describedby': [hintId, errId].filter(Boolean).join(' ')};
  delete attrs.hint;
  const input = kind === 'select'
    ? h('select', attrs, options.map(([value, text]) => h('option', {value}, text)))
    : h(kind, attrs);
  if (kind === 'select' && props.value !== undefined) input.value = props.value;
  const row = h('div', {class: 'field'},
    h('label', {for: id}, label),
    input,
    hint ? h('p', {class: 'hint', id: hintId}, hint) : null,
    h('p', {class: 'field-error', id: errId, hidden: true}));
  return {row, input};
}

export function checkbox(label, props = {}) {
  const id = props.id || uid('check');
  const input = h('input', {...props, id, type: 'checkbox'});
  const row = h('div', {class: 'field check'}, input, h('label', {for: id}, label),
    h('p', {class: 'field-error', id: `${id}-error`, hidden: true}));
  input.setAttribute('aria-describedby', `${id}-error`);
  return {row, input};
}

/** Shows `message` under an input and marks it invalid for assistive technology. */
export function setFieldError(input, message) {
  const err = document.getElementById(`${input.id}-error`);
  input.setAttribute('aria-invalid', 'true');
  if (err) {
    err.textContent = message;
    err.hidden = false;
  }
}

export function clearFieldErrors(root) {
  root.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
  root.querySelectorAll('.field-error').forEach((el) => {
    el.textContent = '';
    el.hidden = true;
  });
}

/** A status line (role=status) whose text assistive technology announces. */
export function statusLine() {
  const el = h('p', {class: 'notice', role: 'status', 'aria-live': 'polite', hidden: true});
  el.show = (text, kind = 'info') => {
    el.textContent = text;
    el.className = `notice ${kind}`;
    el.hidden = !text;
  };
  return el;
}

/** Native <dialog> confirmation; resolves true when the owner confirms. */
export function confirmDialog(title, text, okLabel = 'Confirm') {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = okLabel;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}

/** A secret shown once, with a copy button. */
export function secretReveal(title, secret, note) {
  const code = h('code', {class: 'secret', 'data-secret': ''}, secret);
  const status = h('span', {class: 'copy-status', role: 'status', 'aria-live': 'polite'});
  const copy = h('button', {type: 'button', class: 'button secondary small', on: {click: async () => {
    try {
      await navigator.clipboard.writeText(secret);
      status.textContent = 'Copied';
    } catch {
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      status.textContent = 'Selected: press Ctrl+C to copy';
    }
  }}}, 'Copy');
  return h('section', {class: 'reveal', 'aria-label': title},
    h('h3', {}, title),
    h('p', {}, note),
    h('div', {class: 'secret-row'}, code, copy, status));
}

export function badge(text, kind) {
  return h('span', {class: `badge ${kind || text}`}, text.replaceAll('_', ' '));
}
