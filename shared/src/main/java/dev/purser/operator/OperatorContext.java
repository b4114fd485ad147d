package dev.purser.operator;

/** Who is calling the operator API: the deployment's operator, through one operator key. */
public record OperatorContext(String keyId) {}
