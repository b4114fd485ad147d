// The review queue: pending requests newest first, polled every few seconds so new ones appear
// without a reload. Cards are kept by request id between polls, so a reason being typed survives.
import {h, statusLine} from './dom.js';
import {get, post, allAgents, enc} from './api.js';
import {money, when, timeLeft, plural} from './format.js';
import {checkList} from './checks.js';

export const POLL_MS = 3000;
const RACED = 'Another reviewer or the expiry got there first';

export function render(main) {
  const status = statusLine();
  const count = h('p', {class: 'muted', id: 'queue-count', 'aria-live': 'polite'}, 'Loading…');
  const list = h('ul', {class: 'queue', 'aria-labelledby': 'queue-title'});
  const empty = h('div', {class: 'empty card', hidden: true},
    h('p', {}, 'Nothing is waiting for you.'),
    h('p', {class: 'muted'}, 'Requests above an agent\'s auto-approve limit appear here as they arrive.'));
  main.append(
    h('div', {class: 'page-head'},
      h('h1', {id: 'queue-title'}, 'Review queue'),
      h('p', {class: 'muted'}, `Pending requests, newest first. Refreshes by itself every ${POLL_MS / 1000} seconds.`)),
    status, count, empty, list);

  const cards = new Map();
  let agentNames = new Map();
  let stopped = false;
  let polling = false;

  // Re-read every poll: the budget figures on the cards move with every decision (and the names
  // of new agents appear), so a card on screen never shows yesterday's "budget left".
  async function names() {
    agentNames = new Map((await allAgents()).map((a) => [a.agent_id, a]));
  }

  function refreshFigures(el, r) {
    const agent = agentNames.get(r.agent_id);
    const left = el.querySelector('[data-field=budget-left]');
    if (agent && left) left.textContent = money(agent.remaining, r.currency);
  }

  async function poll() {
    if (stopped || polling) return;
    polling = true;
    try {
      const page = await get('/v1/requests?status=pending&limit=100');
      const requests = page.requests.filter((r) => r.status === 'pending');
      await names();
      if (stopped) return;
      const seen = new Set();
      const ordered = requests.map((r) => {
        seen.add(r.request_id);
        if (!cards.has(r.request_id)) cards.set(r.request_id, card(r));
        refreshFigures(cards.get(r.request_id), r);
        return cards.get(r.request_id);
      });
      for (const [id, el] of cards) if (!seen.has(id)) { el.remove(); cards.delete(id); }
      const current = [...list.children];
      if (current.length !== ordered.length || current.some((el, i) => el !== ordered[i])) list.replaceChildren(...ordered);
      count.textContent = `${plural(requests.length, 'request')} waiting`;
      empty.hidden = requests.length > 0;
      tick();
    } catch (err) {
      status.show(`Could not refresh the queue: ${err.message}`, 'error');
    } finally {
      polling = false;
    }
  }

  function tick() {
    const now = Date.now();
    list.querySelectorAll('[data-expires]').forEach((el) => { el.textContent = timeLeft(el.dataset.expires, now); });
  }

  function card(r) {
    const agent = agentNames.get(r.agent_id);
    const reasonId = `reason-${r.request_id}`;
    const reason = h('input', {id: reasonId, name: 'reason', type: 'text', maxlength: '500', autocomplete: 'off'});
    const approve = h('button', {type: 'button', class: 'button primary', 'data-action': 'approve'}, 'Approve');
    const reject = h('button', {type: 'submit', class: 'button danger', 'data-action': 'reject'}, 'Reject');
    const category = r.original_category && r.original_category !== r.category
      ? `${r.category} (asked as ${r.original_category})` : r.category;
    const titleId = `title-${r.request_id}`;
    const payment = isPayment(r);
    const payFacts = h('div', {class: 'pay-facts', hidden: true});
    const el = h('li', {class: 'card request', 'data-request-id': r.request_id, 'aria-labelledby': titleId},
      h('div', {class: 'request-head'},
        h('h2', {id: titleId, class: 'amount'}, money(r.amount, r.currency)),
        h('span', {class: 'merchant'}, r.merchant_name || (payment ? 'Payment' : 'No merchant given')),
        h('span', {class: 'time-left', 'data-expires': r.expires_at, title: `Expires ${when(r.expires_at)}`},
          timeLeft(r.expires_at))),
      h('p', {class: 'held-why'}, h('strong', {}, 'Needs you: '), heldBecause(r, agent)),
      h('form', {class: 'decide', on: {submit: (e) => { e.preventDefault(); decide(r, 'reject', reason.value, el); }}},
        h('div', {class: 'actions'}, approve, reject),
        h('div', {class: 'field inline'}, h('label', {for: reasonId}, 'Reason (optional, sent with a rejection)'), reason)),
      payFacts,
      h('dl', {class: 'facts'},
        h('div', {}, h('dt', {}, 'Agent'), h('dd', {}, h('a', {href: `#/agents/${enc(r.agent_id)}`}, agent ? agent.name : r.agent_id))),
        h('div', {}, h('dt', {}, 'Category'), h('dd', {}, category)),
        h('div', {}, h('dt', {}, 'Merchant'), h('dd', {class: 'merchant-name'}, r.merchant_name || '—')),
        h('div', {}, h('dt', {}, 'Asked'), h('dd', {}, when(r.created_at))),
        h('div', {}, h('dt', {}, 'Agent budget left'), h('dd', {'data-field': 'budget-left'}, agent ? money(agent.remaining, r.currency) : '—'))),
      r.description && !payment ? h('p', {class: 'description'}, r.description) : null,
      r.agent_comment ? h('blockquote', {class: 'comment'}, h('span', {class: 'label'}, 'Agent\'s comment: '), r.agent_comment) : null,
      h('details', {class: 'policy'},
        h('summary', {}, `Policy checks (${((r.policy_check && r.policy_check.checks) || []).length})`),
        checkList(r.policy_check)));
    approve.addEventListener('click', () => decide(r, 'approve', null, el));
    if (payment) paymentFacts(r, payFacts);
    return el;
  }

  /** A payment's card says who is paid, what for, and the fee (the request only has "payment pay_… to …"). */
  async function paymentFacts(r, box) {
    try {
      const p = await get(`/v1/payments/${enc(r.request_id)}`);
      const payee = p.to_wallet_id ? await walletOwner(p.to_wallet_id) : p.to_external;
      box.replaceChildren(
        h('p', {class: 'description'}, `Payment to ${payee}`, p.description ? `: ${p.description}` : ''),
        h('dl', {class: 'facts'},
          h('div', {}, h('dt', {}, 'Fee'), h('dd', {'data-field': 'fee'}, money(p.fee, p.currency))),
          h('div', {}, h('dt', {}, 'Total debited'), h('dd', {}, money(p.total_debited, p.currency))),
          h('div', {}, h('dt', {}, 'Rail'), h('dd', {}, p.rail))));
      box.hidden = false;
    } catch {
      box.replaceChildren(h('p', {class: 'description'}, r.description || ''));
      box.hidden = false;
    }
  }

  async function walletOwner(walletId) {
    try {
      const w = await get(`/v1/wallets/${enc(walletId)}`);
      const owner = agentNames.get(w.agent_id);
      return owner ? `${owner.name}'s ${w.name || ''} wallet`.replace('  ', ' ') : `wallet ${walletId}`;
    } catch {
      return `wallet ${walletId}`;
    }
  }

  async function decide(r, action, reason, el) {
    el.querySelectorAll('button').forEach((b) => { b.disabled = true; });
    const what = `${money(r.amount, r.currency)} at ${r.merchant_name || 'no merchant'}`;
    try {
      const done = await post(`/v1/requests/${enc(r.request_id)}/${action}`,
        action === 'reject' && reason ? {reason} : {});
      status.show(action === 'approve' ? `Approved ${what}.` : `Rejected ${what}${done.review_reason ? `: ${done.review_reason}` : ''}.`, 'success');
    } catch (err) {
      if (err.status === 409) {
        const now = err.code === 'request_expired' ? 'it expired' : (err.message || 'it was already decided');
        status.show(`${RACED}: ${what} was not changed (${now}).`, 'warning');
      } else {
        status.show(`Could not ${action}: ${err.message}`, 'error');
        el.querySelectorAll('button').forEach((b) => { b.disabled = false; });
        return;
      }
    }
    cards.delete(r.request_id);
    el.remove();
    poll();
  }

  poll();
  const timer = setInterval(poll, POLL_MS);
  const clock = setInterval(tick, 1000);
  return () => {
    stopped = true;
    clearInterval(timer);
    clearInterval(clock);
  };
}

const isPayment = (r) => String(r.request_id).startsWith('pay_');

/**
 * Why a human is needed, from what the engine decided: a mandate's approval threshold, a check
 * the owner decides (a payout to a destination not yet approved), else auto-approve did not cover
 * it (off, over its maximum, another category), read against the agent's current policy.
 */
export function heldBecause(r, agent) {
  const checks = (r.policy_check && r.policy_check.checks) || [];
  const mandate = checks.find((c) => c.rule === 'mandate' && /approval threshold/.test(c.detail || ''));
  if (mandate) return mandate.detail.replace(/^.*; /, '');
  // A failing check on a pending request is one the owner decides (a payout to a new destination).
  const held = checks.find((c) => c.result === 'fail' || c.result === 'failed');
  if (held) return held.rule === 'payout_destination' ? `new payout destination: ${held.detail}` : `${held.rule}: ${held.detail}`;
  const reasons = [];
  const aa = agent && agent.policy && agent.policy.auto_approve;
  if (!aa || aa.enabled !== true) reasons.push('auto-approve is off for this agent');
  else {
    if (aa.max_amount !== undefined && aa.max_amount !== null && Number(r.amount) > Number(aa.max_amount)) {
      reasons.push(`over auto-approve ${money(Number(aa.max_amount).toFixed(2), r.currency)}`);
    }
    if (Array.isArray(aa.categories) && aa.categories.length && !aa.categories.includes(r.category)) {
      reasons.push(`category ${r.category} is not auto-approved`);
    }
  }
  return reasons.length ? reasons.join('; ') : 'the policy sends it to a human';
}
