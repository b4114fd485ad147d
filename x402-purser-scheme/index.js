// Purser's payment scheme for the official x402 v2 TypeScript packages (@x402/core 2.27.x).
// The consumer pays with a Purser payment token; Purser is the facilitator (docs/x402.md "x402 v2").
import { HTTPFacilitatorClient } from "@x402/core/http";

/** Purser's ledger as a CAIP-2 style network id. */
export const PURSER_NETWORK = "purser:ledger";
/** The schemes Purser's facilitator verifies and settles. */
export const PURSER_SCHEMES = ["exact", "upto"];
/** Ledger amounts are minor units with two decimals. */
export const PURSER_DECIMALS = 2;

function trimSlash(url) {
  return String(url).replace(/\/+$/, "");
}

/** Atomic (minor) units as Purser's decimal amount: "120" → "1.20". */
export function toDecimal(atomic, decimals = PURSER_DECIMALS) {
  const s = String(atomic).padStart(decimals + 1, "0");
  return decimals === 0 ? s : `${s.slice(0, -decimals)}.${s.slice(-decimals)}`;
}

/** A decimal amount ("$0.50", "0.5", 0.5) as atomic (minor) units: "50". */
export function toAtomic(money, decimals = PURSER_DECIMALS) {
  const text = String(money).trim().replace(/^\$/, "");
  if (!/^\d+(\.\d+)?$/.test(text)) throw new Error(`Not an amount: ${money}`);
  const [whole, frac = ""] = text.split(".");
  if (frac.length > decimals) throw new Error(`At most ${decimals} decimals: ${money}`);
  return (BigInt(whole) * 10n ** BigInt(decimals) + BigInt((frac + "0".repeat(decimals)).slice(0, decimals) || "0")).toString();
}

/** Thrown when Purser refuses to authorize the payment (policy, funds, ...); `status`, `code`, `body` say why. */
export class PurserPaymentRefused extends Error {
  constructor(status, body) {
    const detail = body && typeof body.detail === "string" ? body.detail : JSON.stringify(body);
    super(`Purser refused the payment (${status}${body && body.code ? " " + body.code : ""}): ${detail}`);
    this.name = "PurserPaymentRefused";
    this.status = status;
    this.code = body && body.code;
    this.body = body;
  }
}

/**
 * Client side (SchemeNetworkClient): pays a requirement on Purser's ledger by authorizing one call
 * of the service named in `extra.service_id` from the consumer's wallet; the payload is the token.
 */
export class PurserSchemeClient {
  /**
   * @param {{purserUrl: string, agentToken: string, fromWalletId: string, scheme?: "exact"|"upto", fetch?: typeof fetch}} options
   */
  constructor(options) {
    if (!options || !options.purserUrl || !options.agentToken || !options.fromWalletId) {
      throw new Error("PurserSchemeClient needs purserUrl, agentToken and fromWalletId");
    }
    this.scheme = options.scheme || "exact";
    this.options = options;
  }

  /** Purser's assets are currencies in minor units, so the client's spend controls can read them. */
  findDefaultAsset(asset, network) {
    return String(network).startsWith("purser:") ? { asset, decimals: PURSER_DECIMALS, symbol: asset } : undefined;
  }

  async createPaymentPayload(x402Version, requirements) {
    const serviceId = requirements.extra && requirements.extra.service_id;
    if (!serviceId) throw new Error("The requirements name no Purser service (extra.service_id)");
    const doFetch = this.options.fetch || globalThis.fetch;
    const decimals = Number.isInteger(requirements.extra.decimals) ? requirements.extra.decimals : PURSER_DECIMALS;
    const response = await doFetch(`${trimSlash(this.options.purserUrl)}/v1/services/${encodeURIComponent(serviceId)}/authorize`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.options.agentToken}`, "content-type": "application/json" },
      // The requirement's amount is the consumer's ceiling: Purser refuses a price above it.
      body: JSON.stringify({ from_wallet_id: this.options.fromWalletId, max_amount: toDecimal(requirements.amount, decimals) }),
    });
    const text = await response.text();
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = { detail: text };
    }
    if (response.status !== 201 || typeof body.token !== "string") throw new PurserPaymentRefused(response.status, body);
    return { x402Version, payload: { token: body.token } };
  }
}

/**
 * Server side (SchemeNetworkServer): prices in the service's currency, amounts in minor units, the
 * payment authorized before the handler and settled after it (x402's "authorization" flow).
 */
export class PurserSchemeServer {
  /** @param {{scheme?: "exact"|"upto", currency?: string}} [options] */
  constructor(options = {}) {
    this.scheme = options.scheme || "exact";
    this.currency = options.currency || "USD";
    this.defaultAssetTransferMethod = "default";
    this.paymentFlows = { default: { supported: ["authorization"], default: "authorization" } };
  }

  async parsePrice(price, network) {
    if (price && typeof price === "object" && "amount" in price) {
      return { amount: String(price.amount), asset: price.asset || this.currency, extra: price.extra };
    }
    return { amount: toAtomic(price), asset: this.currency };
  }

  getAssetDecimals() {
    return PURSER_DECIMALS;
  }

  async enhancePaymentRequirements(requirements) {
    return { ...requirements, extra: { name: requirements.asset, decimals: PURSER_DECIMALS, ...requirements.extra } };
  }
}

/** Registers Purser's client schemes (exact and upto on purser:ledger) on an `x402Client`. */
export function registerPurserClient(client, options) {
  for (const scheme of PURSER_SCHEMES) client.register(PURSER_NETWORK, new PurserSchemeClient({ ...options, scheme }));
  return client;
}

/** Registers Purser's server schemes on an `x402ResourceServer`. */
export function registerPurserServer(server, options = {}) {
  for (const scheme of PURSER_SCHEMES) server.register(PURSER_NETWORK, new PurserSchemeServer({ ...options, scheme }));
  return server;
}

/** Purser as the provider's facilitator: verify and settle carry the provider agent's token. */
export function purserFacilitator({ purserUrl, agentToken, timeoutMs }) {
  const auth = { Authorization: `Bearer ${agentToken}` };
  return new HTTPFacilitatorClient({
    url: `${trimSlash(purserUrl)}/v1/x402/facilitator`,
    timeoutMs,
    createAuthHeaders: async () => ({ verify: auth, settle: auth, supported: {} }),
  });
}
