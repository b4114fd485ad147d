// Money arrives as decimal strings ("12.50") and stays strings: never parsed into floats for
// arithmetic that matters. Charts only need proportions, which Number() gives well enough.

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '—';
  return currency ? `${amount} ${currency}` : String(amount);
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

/** "12 min 5 s left", "expired". */
export function timeLeft(iso, now = Date.now()) {
  if (!iso) return 'no expiry';
  const ms = new Date(iso).getTime() - now;
  if (ms <= 0) return 'expired';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${h} h ${m} min left`;
  return `${m} min ${s % 60} s left`;
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
