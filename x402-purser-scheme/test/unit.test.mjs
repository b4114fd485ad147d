// The scheme's own pieces with the official packages (no Purser needed): prices, spend controls,
// the payload a client builds, and its registration on the official client and server.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { x402Client } from "@x402/fetch";
import { x402ResourceServer } from "@x402/express";
import { PaymentRequirementsV2Schema } from "@x402/core/schemas";
import {
  PURSER_NETWORK, PurserPaymentRefused, PurserSchemeClient, PurserSchemeServer, registerPurserClient, registerPurserServer,
  toAtomic, toDecimal,
} from "../index.js";

test("amounts convert between decimals and atomic units exactly", () => {
  assert.equal(toAtomic("$0.50"), "50");
  assert.equal(toAtomic("12"), "1200");
  assert.equal(toAtomic(0.5), "50");
  assert.equal(toDecimal("120"), "1.20");
  assert.equal(toDecimal("5"), "0.05");
  assert.throws(() => toAtomic("0.001"));
  assert.throws(() => toAtomic("-1"));
});

test("the server scheme prices in minor units and its requirements parse as v2", async () => {
  const s = new PurserSchemeServer({ scheme: "upto" });
  assert.deepEqual(await s.parsePrice("$0.50", PURSER_NETWORK), { amount: "50", asset: "USD" });
  const req = await s.enhancePaymentRequirements({
    scheme: "upto", network: PURSER_NETWORK, amount: "50", asset: "USD", payTo: "wal_x", maxTimeoutSeconds: 5,
    extra: { service_id: "svc_1" },
  });
  PaymentRequirementsV2Schema.parse(req);
  assert.equal(req.extra.decimals, 2);
  assert.equal(req.extra.service_id, "svc_1");
  assert.ok(registerPurserServer(new x402ResourceServer([])));
});

async function stubPurser(status, body) {
  const seen = [];
  const server = http.createServer((req, res) => {
    let data = "";
    req.on("data", (c) => (data += c));
    req.on("end", () => {
      seen.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(data) });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => server.close() };
}

test("the client authorizes the service's call and pays with the token", async () => {
  const purser = await stubPurser(201, { token: "x402_tok_abc.def", token_id: "tokid_1" });
  try {
    const c = new PurserSchemeClient({ purserUrl: purser.url, agentToken: "agt_1", fromWalletId: "wal_c" });
    const payload = await c.createPaymentPayload(2, {
      scheme: "exact", network: PURSER_NETWORK, amount: "50", asset: "USD", payTo: "wal_p", maxTimeoutSeconds: 5,
      extra: { service_id: "svc_9" },
    });
    assert.deepEqual(payload, { x402Version: 2, payload: { token: "x402_tok_abc.def" } });
    assert.equal(purser.seen[0].url, "/v1/services/svc_9/authorize");
    assert.equal(purser.seen[0].auth, "Bearer agt_1");
    assert.deepEqual(purser.seen[0].body, { from_wallet_id: "wal_c", max_amount: "0.50" });
    assert.deepEqual(c.findDefaultAsset("USD", PURSER_NETWORK), { asset: "USD", decimals: 2, symbol: "USD" });
    assert.equal(c.findDefaultAsset("USDC", "eip155:8453"), undefined);
  } finally {
    purser.close();
  }
});

test("a refusal from Purser surfaces with its status and code", async () => {
  const purser = await stubPurser(403, { detail: "Over the per-request limit", code: "AP-1001" });
  try {
    const client = registerPurserClient(new x402Client(), { purserUrl: purser.url, agentToken: "agt_1", fromWalletId: "wal_c" });
    const c = new PurserSchemeClient({ purserUrl: purser.url, agentToken: "agt_1", fromWalletId: "wal_c" });
    await assert.rejects(c.createPaymentPayload(2, { amount: "50", extra: { service_id: "svc_9" } }), (e) => {
      assert.ok(e instanceof PurserPaymentRefused);
      assert.equal(e.status, 403);
      assert.equal(e.code, "AP-1001");
      return true;
    });
    assert.ok(client);
  } finally {
    purser.close();
  }
});
