package dev.purser.payouts;

import dev.purser.policy.FieldError;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated payout destination. What is stored and shown is only what identifies it safely:
 * a bank account keeps its routing number and the LAST FOUR digits of the account number (the full
 * number is checked, then dropped: a production connector would hand it to a vault); addresses are
 * public and kept whole.
 */
public sealed interface Destination {
    String type();

    /** A short label for lists and receipts, never a full account number. */
    String label();

    /**
     * The payee as the policy sees it (its merchant: allow and block lists match it): an address
     * (EVM lower-cased), a Stripe account id, or {@code bank:<routing>:<last 4>}.
     */
    default String payee() {
        if (this instanceof Crypto c) return EVM_NETWORKS.contains(c.network()) ? c.address().toLowerCase(Locale.ROOT) : c.address();
        if (this instanceof Stripe s) return s.accountId();
        Bank b = (Bank) this;
        return "bank:" + b.routingNumber() + ":" + b.accountLast4();
    }

    /** US bank account (ACH). */
    record Bank(String routingNumber, String accountLast4, String accountType, String accountHolder) implements Destination {
        public String type() { return "bank"; }

        public String label() { return "bank ••••" + accountLast4; }
    }

    /** An on-chain address on an EVM network or Solana. */
    record Crypto(String network, String address) implements Destination {
        public String type() { return "crypto"; }

        public String label() { return network + " " + address; }
    }

    /** A Stripe connected account. */
    record Stripe(String accountId) implements Destination {
        public String type() { return "stripe"; }

        public String label() { return "stripe " + accountId; }
    }

    Set<String> EVM_NETWORKS = Set.of("ethereum", "base", "polygon", "arbitrum", "optimism");
    Set<String> NETWORKS = Set.of("ethereum", "base", "polygon", "arbitrum", "optimism", "solana");

    /** The exception a bad destination raises: every problem with its field. */
    final class Invalid extends RuntimeException {
        private final transient List<FieldError> errors;

        public Invalid(String field, String message) {
            super(field + " " + message, null, false, false);
            this.errors = List.of(new FieldError(field, message));
        }

        public List<FieldError> errors() { return errors; }
    }

    // ---- validation (pure) ----

    Pattern DIGITS = Pattern.compile("[0-9]+");
    Pattern HEX40 = Pattern.compile("0x[0-9a-fA-F]{40}");
    Pattern STRIPE_ACCOUNT = Pattern.compile("acct_[0-9A-Za-z]{8,64}");
    String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /** ABA routing number: 9 digits, {@code 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10)}. */
    static boolean validRouting(String s) {
        if (s == null || s.length() != 9 || !DIGITS.matcher(s).matches()) return false;
        int[] w = {3, 7, 1, 3, 7, 1, 3, 7, 1};
        int sum = 0;
        for (int i = 0; i < 9; i++) sum += w[i] * (s.charAt(i) - '0');
        return sum % 10 == 0 && !s.equals("000000000");
    }

    /**
     * EVM address: {@code 0x} + 40 hex. All-lower or all-upper hex carries no checksum and is
     * accepted; mixed case must be a correct EIP-55 checksum (a typo check worth keeping).
     */
    static boolean validEvm(String s) {
        if (s == null || !HEX40.matcher(s).matches()) return false;
        String hex = s.substring(2);
        if (hex.equals(hex.toLowerCase(Locale.ROOT)) || hex.equals(hex.toUpperCase(Locale.ROOT))) return true;
        return hex.equals(eip55(hex).substring(2));
    }

    /** The EIP-55 checksummed form of 40 hex digits. */
    static String eip55(String hex40) {
        String lower = hex40.toLowerCase(Locale.ROOT);
        byte[] hash = Keccak256.hash(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder("0x");
        for (int i = 0; i < 40; i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
            out.append(Character.isLetter(c) && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** Solana address: base58 that decodes to exactly 32 bytes. */
    static boolean validSolana(String s) {
        if (s == null || s.length() < 32 || s.length() > 44) return false;
        BigInteger v = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (char c : s.toCharArray()) {
            int d = BASE58.indexOf(c);
            if (d < 0) return false;
            if (leading && d == 0) leadingZeros++;
            else leading = false;
            v = v.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(d));
        }
        byte[] raw = v.toByteArray();
        int len = raw.length;
        if (len > 0 && raw[0] == 0) len--; // sign byte
        if (v.signum() == 0) len = 0;
        return leadingZeros + len == 32;
    }

    /** The last four characters, for display. */
    static String last4(String s) {
        return s.length() <= 4 ? s : s.substring(s.length() - 4);
    }
}
