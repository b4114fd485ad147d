// The owner API over fetch: the owner key is the bearer (no cookie, so nothing for CSRF to ride).
// It lives in sessionStorage: gone when the tab closes.

const KEY = 'purser.ownerKey';
const ROLE = 'purser.role';
let onUnauthorized = () => {};

export const session = {
  key: () => sessionStorage.getItem(KEY),
  /** 'owner' (an account's owner key) or 'operator' (a deployment's operator key). */
  role: () => sessionStorage.getItem(ROLE) || 'owner',
  signIn: (key, role = 'owner') => {
    sessionStorage.setItem(KEY, key);
    sessionStorage.setItem(ROLE, role);
  },
  signOut: () => {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(ROLE);
  },
  onUnauthorized: (fn) => { onUnauthorized = fn; },
};

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.detail) || `The server answered ${status}`);
    this.status = status;
    this.body = body || {};
  }

  get code() { return this.body.code; }

  /** [{field, message}] of a validation answer (422, or the 400s tied to a field). */
  get fieldErrors() {
    if (Array.isArray(this.body.errors)) return this.body.errors;
    if (this.body.field) return [{field: this.body.field, message: this.body.detail}];
    return [];
  }
}

export async function api(method, path, body, key = session.key()) {
  const headers = {Accept: 'application/json', Authorization: `Bearer ${key}`};
  const init = {method, headers, cache: 'no-store', credentials: 'omit'};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, {detail: 'Purser cannot be reached. Check the connection and try again.'});
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = {detail: `Unexpected answer (${res.status})`};
    }
  }
  if (res.status === 401 && key === session.key()) onUnauthorized();
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const del = (path) => api('DELETE', path);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Every agent, all pages (the console shows names, the API answers ids). */
export async function allAgents(status) {
  const agents = [];
  let cursor = null;
  do {
    const page = await get(`/v1/agents${query({limit: 100, cursor, status})}`);
    agents.push(...page.agents);
    cursor = page.next_cursor;
  } while (cursor && agents.length < 1000);
  return agents;
}

export const enc = encodeURIComponent;
