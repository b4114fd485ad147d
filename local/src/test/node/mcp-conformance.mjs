// The official MCP TypeScript SDK client against Purser (run by McpTypeScriptClientTest):
// streamable HTTP (POST /mcp) and stdio (the mcp jar), structured output validated against each
// tool's outputSchema (the SDK's client does it on every callTool; we also check it is present),
// protocol-version refusal, URL-mode elicitation of a pending purchase's approval page, and the
// stdio server's exit when its stdin closes. Usage: node mcp-conformance.mjs '<json config>'.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const cfg = JSON.parse(process.argv[2]);
const log = (...a) => console.log(...a);

/** Calls that succeed for a funded agent (auto-approve <= 20), one per answer shape worth checking. */
function calls(walletId) {
  return [
    ['purser_get_budget', {}],
    ['purser_get_policy', {}],
    ['purser_get_categories', {}],
    ['purser_list_requests', { limit: 5 }],
    ['purser_request_purchase', { amount: 3, category: 'software', merchant_name: 'JetBrains' }],
    ['purser_check_purchase', { amount: 4, category: 'software' }],
    ['purser_list_wallets', {}],
    ['purser_get_wallet_balance', { wallet_id: walletId }],
    ['purser_list_wallet_transactions', { wallet_id: walletId }],
    ['purser_pay', { from_wallet_id: walletId, to_external: 'merchant:demo', amount: 1, currency: 'USD' }],
    ['purser_x402_budget', {}],
    ['purser_list_services', {}],
    ['purser_estimate_cost', { type: 'token', model: 'example-small', input_tokens: 100000, output_tokens: 2000 }],
    ['purser_list_leases', {}],
  ];
}

async function exercise(client, label) {
  const { tools } = await client.listTools();
  assert.ok(tools.length >= 30, `${label}: tools listed`);
  for (const t of tools) {
    assert.equal(t.outputSchema?.type, 'object', `${label}: ${t.name} has an object outputSchema`);
  }
  let checked = 0;
  for (const [name, args] of calls(cfg.walletId)) {
    // The SDK validates structuredContent against the listed outputSchema and throws when it does not conform.
    const r = await client.callTool({ name, arguments: args });
    assert.ok(!r.isError, `${label}: ${name} failed: ${r.content?.[0]?.text?.slice(0, 300)}`);
    assert.equal(typeof r.structuredContent, 'object', `${label}: ${name} has structuredContent`);
    assert.deepEqual(r.structuredContent, JSON.parse(r.content[0].text), `${label}: ${name} text = structured`);
    checked++;
  }
  assert.equal(checked, calls(cfg.walletId).length, `${label}: every answer validated`);
  log(`${label}: ${checked} structured answers validated against their outputSchema`);
}

async function http() {
  const url = new URL('/mcp', cfg.baseUrl);
  // An unsupported MCP-Protocol-Version is refused with 400 (spec, streamable HTTP transport).
  const bad = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream',
      authorization: `Bearer ${cfg.token}`, 'mcp-protocol-version': '1999-01-01' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  assert.equal(bad.status, 400, 'unsupported protocol version');
  log('http: unsupported MCP-Protocol-Version -> 400');

  const client = new Client({ name: 'purser-conformance', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, {
    requestInit: { headers: { authorization: `Bearer ${cfg.token}` } },
  }));
  await exercise(client, 'http');
  // A refusal is an error result with the detail as text and no structured content.
  const missing = await client.callTool({ name: 'purser_get_request', arguments: { request_id: '00000000-0000-0000-0000-000000000000' } });
  assert.equal(missing.isError, true);
  assert.match(missing.content[0].text, /^Error 404/);
  assert.equal(missing.structuredContent, undefined);
  // Stateless HTTP cannot elicit: a pending purchase says plainly where the owner approves.
  const pending = await client.callTool({ name: 'purser_request_purchase', arguments: { amount: 45, category: 'software' } });
  assert.equal(pending.structuredContent.status, 'pending');
  const note = pending.content.map((c) => c.text).join('\n');
  assert.match(note, /owner console/, 'where to approve');
  assert.doesNotMatch(note, /\/v1\/actions\//, 'no approval link in what the model sees');
  await client.close();
  log('http: pending -> where to approve, in words');
}

async function stdioExitsOnClose(env, label) {
  const transport = new StdioClientTransport({ command: 'java', args: cfg.stdioArgs, env: { ...process.env, ...env },
    stderr: 'ignore' });
  const client = new Client({ name: 'purser-conformance', version: '1.0.0' },
    { capabilities: { elicitation: { url: {} } } });
  const offered = [];
  client.setRequestHandler(ElicitRequestSchema, async (req) => {
    offered.push(req.params);
    return { action: 'accept' };
  });
  await client.connect(transport);
  await exercise(client, label);
  const pending = await client.callTool({ name: 'purser_request_purchase', arguments: { amount: 45, category: 'software' } });
  assert.equal(pending.structuredContent.status, 'pending');
  const text = pending.content.map((c) => c.text).join('\n');
  assert.doesNotMatch(text, /\/v1\/actions\//, 'no approval link in what the model sees');
  if (cfg.expectElicitation[label]) {
    assert.equal(offered.length, 1, `${label}: one elicitation`);
    assert.equal(offered[0].mode, 'url');
    assert.ok(offered[0].url.startsWith(cfg.publicBaseUrl + '/v1/actions/'), offered[0].url);
    assert.equal(offered[0].elicitationId, pending.structuredContent.request_id);
    const page = await fetch(offered[0].url);
    assert.equal(page.status, 200, 'the approval page opens');
    log(`${label}: pending -> URL-mode elicitation of ${offered[0].url.slice(0, 60)}…`);
  } else {
    assert.equal(offered.length, 0, `${label}: no elicitation without a signing key`);
    assert.match(text, /owner console/);
    log(`${label}: pending -> where to approve, in words`);
  }

  const child = transport._process;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const closing = Date.now();
  child.stdin.end(); // what a host does first; the SDK's close() would SIGTERM after 2 s
  const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 15000))]);
  assert.ok(result, `${label}: the server did not exit within 15 s of stdin closing`);
  assert.equal(result.signal, null, `${label}: exited by itself, not by a signal`);
  assert.equal(result.code, 0, `${label}: exit code 0`);
  log(`${label}: exited ${result.code} ${result.at - closing} ms after stdin closed`);
  await client.close().catch(() => {});
}

await http();
await stdioExitsOnClose(cfg.stdioRemoteEnv, 'stdio-remote');
await stdioExitsOnClose(cfg.stdioInProcessEnv, 'stdio-inprocess');
log('ALL OK');
