// An openapi-typescript client of Purser (types generated from /openapi.json into purser.d.ts by
// OpenApiToolsTest): registers an agent with a policy, which the document declares as an open
// object, so the type checker accepts any policy field. Run after tsc: node register-agent.js <base> <owner key>.
import createClient from 'openapi-fetch';
import type { paths } from './purser.js';

const [base, ownerKey] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl: base, headers: { authorization: `Bearer ${ownerKey}` } });

const { data, error, response } = await client.POST('/v1/agents/register', {
  body: {
    name: 'typed shopper',
    external_id: `ts-${Date.now()}`,
    budget: '250',
    policy: { daily_limit: 100, per_request_limit: 40, auto_approve: { enabled: true, max_amount: 20 } },
  },
});
if (error || !data) throw new Error(`register failed: ${response.status} ${JSON.stringify(error)}`);
// 201 is a new agent and carries its token (shown once); 200 is an idempotent re-registration without one.
if (!('token' in data)) throw new Error(`not a new agent: ${response.status}`);
const agentId: string = data.agent_id;
const token = data.token;
if (!token) throw new Error('a new agent comes with its token');
console.log(JSON.stringify({ status: response.status, agent_id: agentId, token_prefix: token.slice(0, 4), policy: data.policy }));
