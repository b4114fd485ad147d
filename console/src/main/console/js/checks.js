// A policy_check rendered as a list: every rule the engine evaluated, its result and why.
import {h, badge} from './dom.js';

const MARK = {pass: '✓', passed: '✓', ok: '✓', fail: '✗', failed: '✗', pending: '•', review: '•', skip: '–', skipped: '–'};

export function checkList(policyCheck) {
  const checks = (policyCheck && policyCheck.checks) || [];
  if (!checks.length) return h('p', {class: 'muted'}, 'No checks were recorded.');
  return h('ul', {class: 'checks'}, checks.map((c) => {
    const result = String(c.result || '');
    return h('li', {class: `check ${result}`},
      h('span', {class: 'mark', 'aria-hidden': 'true'}, MARK[result] || '•'),
      h('span', {class: 'rule'}, c.rule),
      badge(result || 'unknown', `result-${result}`),
      c.detail ? h('span', {class: 'detail'}, c.detail) : null);
  }));
}
