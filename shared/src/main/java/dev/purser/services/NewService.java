package dev.purser.services;

/** A validated {@code POST /v1/services} body; {@code currency} null means the provider account's. */
public record NewService(String name, String slug, String description, long pricePerCall, String currency,
                         String category, String endpointUrl, Long maxLatencyMs, Long completionWindowSeconds) {}
