import type { PaymentRequirements, SchemeNetworkClient, Network } from "@x402/core/types";
import type { HTTPFacilitatorClient } from "@x402/core/http";

export declare const PURSER_NETWORK: "purser:ledger";
export declare const PURSER_SCHEMES: readonly ["exact", "upto"];
export declare const PURSER_DECIMALS: 2;
export declare function toDecimal(atomic: string | number | bigint, decimals?: number): string;
export declare function toAtomic(money: string | number, decimals?: number): string;

export interface PurserClientOptions {
  /** Purser's base URL, e.g. http://127.0.0.1:8787 */
  purserUrl: string;
  /** The consumer agent's bearer token (agt_…). */
  agentToken: string;
  /** The consumer's wallet the calls are paid from (wal_…). */
  fromWalletId: string;
  scheme?: "exact" | "upto";
  fetch?: typeof fetch;
}

export declare class PurserPaymentRefused extends Error {
  readonly status: number;
  readonly code?: string;
  readonly body: unknown;
}

export declare class PurserSchemeClient implements SchemeNetworkClient {
  constructor(options: PurserClientOptions);
  readonly scheme: string;
  findDefaultAsset(asset: string, network: Network): { asset: string; decimals: number; symbol: string } | undefined;
  createPaymentPayload(x402Version: number, requirements: PaymentRequirements): Promise<{ x402Version: number; payload: { token: string } }>;
}

export declare class PurserSchemeServer {
  constructor(options?: { scheme?: "exact" | "upto"; currency?: string });
  readonly scheme: string;
  readonly defaultAssetTransferMethod: string;
  readonly paymentFlows: Record<string, { supported: readonly string[]; default: string }>;
  parsePrice(price: unknown, network: Network): Promise<{ amount: string; asset: string; extra?: Record<string, unknown> }>;
  getAssetDecimals(): number;
  enhancePaymentRequirements(requirements: PaymentRequirements): Promise<PaymentRequirements>;
}

export declare function registerPurserClient<T extends { register(network: Network, client: SchemeNetworkClient): T }>(
  client: T, options: Omit<PurserClientOptions, "scheme">): T;
export declare function registerPurserServer<T extends { register(network: Network, server: any): T }>(
  server: T, options?: { currency?: string }): T;
export declare function purserFacilitator(options: { purserUrl: string; agentToken: string; timeoutMs?: number }): HTTPFacilitatorClient;
