// End to end with the official x402 v2 packages against a running Purser (the local runtime):
// a provider's express server protected by @x402/express with Purser as facilitator, a consumer
// using @x402/fetch with Purser's scheme. Driven by local/'s X402V2EndToEndTest, which sets up the
// agents and reads this script's JSON summary (stdout) to check Purser's side.
//
// Env: PURSER_URL, PROVIDER_TOKEN, PROVIDER_WALLET, CONSUMER_TOKEN, CONSUMER_WALLET,
//      DECLINED_TOKEN, DECLINED_WALLET (a consumer whose policy declines the price).
import assert from "node:assert/strict";
import express from "express";
import { paymentMiddleware, setSettlementOverrides, x402ResourceServer } from "@x402/express";
import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from "@x402/fetch";
import { PaymentRequiredV2Schema, PaymentRequirementsV2Schema, NetworkSchemaV2 } from "@x402/core/schemas";
import { decodePaymentRequiredHeader } from "@x402/core/http";
import { PURSER_NETWORK, purserFacilitator, registerPurserClient, registerPurserServer } from "../index.js";

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const PURSER = env("PURSER_URL");

async function purser(method, path, token, body) {
  const r = await fetch(PURSER + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : null };
}

function claimsOf(token) {
  const claims = token.slice("x402_tok_".length).split(".")[0];
  return JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
}

// --- the provider: one express app, three routes, three registered services --------------------
const app = express();
const server = app.listen(0, "127.0.0.1");
await new Promise((resolve) => server.once("listening", resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const providerToken = env("PROVIDER_TOKEN");
const payTo = env("PROVIDER_WALLET");
const services = {};
for (const [route, price] of [["weather", "0.50"], ["metered", "0.50"], ["broken", "0.40"]]) {
  const r = await purser("POST", "/v1/services", providerToken, {
    name: `x402 e2e ${route} ${process.pid} ${Date.now()}`, price_per_call: price, endpoint_url: `${base}/${route}`,
    sla: { max_latency_ms: 3000 },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  services[route] = r.body.id;
}

// Purser's v2 answers validate against @x402/core's own schemas.
const required = await fetch(`${PURSER}/v1/x402/requirements?resource=${encodeURIComponent(`${base}/weather`)}`);
assert.equal(required.status, 200);
const requiredBody = await required.json();
PaymentRequiredV2Schema.parse(requiredBody);
for (const a of requiredBody.accepts) PaymentRequirementsV2Schema.parse(a);
NetworkSchemaV2.parse(PURSER_NETWORK);
assert.deepEqual(decodePaymentRequiredHeader(required.headers.get("payment-required")), requiredBody);

const facilitator = purserFacilitator({ purserUrl: PURSER, agentToken: providerToken });
const supported = await facilitator.getSupported();
assert.deepEqual(supported.kinds.map((k) => `${k.x402Version}/${k.scheme}/${k.network}`),
  [`2/exact/${PURSER_NETWORK}`, `2/upto/${PURSER_NETWORK}`]);

const resourceServer = registerPurserServer(new x402ResourceServer(facilitator));
const option = (scheme, route, price) => ({
  accepts: { scheme, network: PURSER_NETWORK, payTo, price, extra: { service_id: services[route] } },
  description: `${route} by the call`, mimeType: "application/json",
});
app.use(paymentMiddleware({
  "GET /weather": option("exact", "weather", "$0.50"),
  "GET /metered": option("upto", "metered", "$0.50"),
  "GET /broken": option("exact", "broken", "$0.40"),
}, resourceServer));
app.get("/weather", (req, res) => res.json({ forecast: "sunny" }));
app.get("/metered", (req, res) => {
  setSettlementOverrides(res, { amount: "30" }); // used 0.30 of the 0.50 authorized
  res.json({ tokens: 1234 });
});
app.get("/broken", (req, res) => res.status(500).json({ error: "upstream down" })); // never completes

// --- the consumer ----------------------------------------------------------------------------
function consumer(token, wallet) {
  const client = registerPurserClient(new x402Client(), { purserUrl: PURSER, agentToken: token, fromWalletId: wallet });
  const sent = [];
  const recording = async (input, init) => {
    const request = new Request(input, init);
    const signature = request.headers.get("payment-signature");
    if (signature) sent.push(signature);
    return fetch(request);
  };
  return { fetch: wrapFetchWithPayment(recording, client), sent };
}
const summary = {};
try {
  // 402 from the official middleware is a v2 PaymentRequired in the PAYMENT-REQUIRED header.
  const unpaid = await fetch(`${base}/weather`);
  assert.equal(unpaid.status, 402);
  const challenge = decodePaymentRequiredHeader(unpaid.headers.get("payment-required"));
  PaymentRequiredV2Schema.parse(challenge);
  assert.equal(challenge.accepts[0].network, PURSER_NETWORK);
  assert.equal(challenge.accepts[0].amount, "50");

  // Paid once.
  const alice = consumer(env("CONSUMER_TOKEN"), env("CONSUMER_WALLET"));
  const paid = await alice.fetch(`${base}/weather`);
  assert.equal(paid.status, 200, await paid.clone().text());
  assert.deepEqual(await paid.json(), { forecast: "sunny" });
  const settlement = decodePaymentResponseHeader(paid.headers.get("payment-response"));
  assert.equal(settlement.success, true);
  assert.equal(settlement.network, PURSER_NETWORK);
  assert.equal(alice.sent.length, 1);
  summary.paid = { payment_id: settlement.transaction, token_id: claimsOf(JSON.parse(Buffer.from(alice.sent[0], "base64").toString()).payload.token).tid };

  // A replayed payment is refused.
  const replay = await fetch(`${base}/weather`, { headers: { "PAYMENT-SIGNATURE": alice.sent[0] } });
  summary.replay_status = replay.status;
  assert.equal(replay.status, 402);

  // upto: authorize the maximum, settle the actual.
  const metered = await alice.fetch(`${base}/metered`);
  assert.equal(metered.status, 200, await metered.clone().text());
  const meteredSettlement = decodePaymentResponseHeader(metered.headers.get("payment-response"));
  assert.equal(meteredSettlement.amount, "30");
  summary.upto = { payment_id: meteredSettlement.transaction, amount: meteredSettlement.amount };

  // The provider fails the call: verified (SLA clock running), never settled.
  const broken = await alice.fetch(`${base}/broken`);
  assert.equal(broken.status, 500);
  const brokenToken = JSON.parse(Buffer.from(alice.sent.at(-1), "base64").toString()).payload.token;
  summary.broken = { payment_id: claimsOf(brokenToken).pid, token_id: claimsOf(brokenToken).tid };

  // Refused when the policy declines: no token, so no payment is sent.
  const bob = consumer(env("DECLINED_TOKEN"), env("DECLINED_WALLET"));
  await assert.rejects(bob.fetch(`${base}/weather`), (e) => {
    summary.declined = String(e && e.message);
    return /Purser refused the payment/.test(summary.declined);
  });
  assert.equal(bob.sent.length, 0);
  summary.ok = true;
} finally {
  server.close();
  process.stdout.write(JSON.stringify(summary) + "\n");
}
