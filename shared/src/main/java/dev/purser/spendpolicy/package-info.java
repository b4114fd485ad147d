/**
 * The seeds' policy surfaces, mapped onto Purser's ONE policy model (docs/compatibility.md):
 * ShadowPay's spend policy ({@link ShadowPayPolicy}) and Proxy's registration spending limit
 * ({@link ProxyLimit}). Pure JSON transforms: they read and write the same agent policy JSON the
 * owner API's {@code /policy} routes store and the engine evaluates, so every surface shows and
 * changes the same limits.
 */
package dev.purser.spendpolicy;
