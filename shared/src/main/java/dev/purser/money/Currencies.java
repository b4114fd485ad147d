package dev.purser.money;

import java.util.Set;

/** The ISO 4217 codes the Agent API accepts (the upstream list, in its order). */
public final class Currencies {
    public static final Set<String> SUPPORTED = Set.of(
            "USD", "EUR", "GBP", "JPY", "CNY", "KRW", "INR", "BRL", "RUB", "TRY", "AUD", "CAD", "CHF",
            "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON", "BGN", "HRK", "MXN", "ARS", "CLP", "COP",
            "PEN", "UYU", "ZAR", "EGP", "AED", "SAR", "ILS", "THB", "SGD", "HKD", "TWD", "NZD", "PHP",
            "IDR", "MYR", "VND", "NGN", "KES", "GHS", "UAH", "KZT", "GEL", "AMD");

    private Currencies() {}

    public static boolean isSupported(String code) {
        return code != null && SUPPORTED.contains(code);
    }
}
