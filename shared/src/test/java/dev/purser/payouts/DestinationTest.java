package dev.purser.payouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DestinationTest {
    @Test
    void keccakKnownAnswers() {
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(Keccak256.hash(new byte[0])));
        assertEquals("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                HexFormat.of().formatHex(Keccak256.hash("abc".getBytes(StandardCharsets.US_ASCII))));
        // Longer than one block (136 bytes).
        assertEquals(32, Keccak256.hash(new byte[300]).length);
    }

    @Test
    void abaChecksum() {
        assertTrue(Destination.validRouting("021000021"));
        assertTrue(Destination.validRouting("011000015"));
        assertFalse(Destination.validRouting("021000022"));
        assertFalse(Destination.validRouting("02100002"));
        assertFalse(Destination.validRouting("02100002a"));
        assertFalse(Destination.validRouting("000000000"));
    }

    @Test
    void evmAddressesWithEip55() {
        // EIP-55's own examples.
        assertTrue(Destination.validEvm("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
        assertTrue(Destination.validEvm("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"));
        assertTrue(Destination.validEvm("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB"));
        assertEquals("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                Destination.eip55("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assertTrue(Destination.validEvm("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assertFalse(Destination.validEvm("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"), "one case flipped");
        assertFalse(Destination.validEvm("0xABCDEF"));
        assertFalse(Destination.validEvm("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
        assertFalse(Destination.validEvm("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg"));
    }

    @Test
    void solanaAddressesAre32BytesOfBase58() {
        assertTrue(Destination.validSolana("11111111111111111111111111111111"));
        assertTrue(Destination.validSolana("So11111111111111111111111111111111111111112"));
        assertTrue(Destination.validSolana("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"));
        assertFalse(Destination.validSolana("So1111111111111111111111111111111111111111O"), "O is not base58");
        assertFalse(Destination.validSolana("1111111111111111111111111111111"), "31 bytes");
        assertFalse(Destination.validSolana("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    }

    @Test
    void last4() {
        assertEquals("3210", Destination.last4("9876543210"));
    }

    /** The identity the owner's approved destinations are keyed by (issue 23). */
    @Test
    void aDestinationsIdentityNamesItExactly() {
        var bank = Json.parseTrusted("{\"routing_number\": \"021000021\", \"account_number\": \"9876543210\", "
                + "\"account_holder\": \"Acme\"}");
        var sameLast4 = Json.parseTrusted("{\"routing_number\": \"021000021\", \"account_number\": \"1116543210\", "
                + "\"account_holder\": \"Acme\"}");
        Destination a = DestinationParser.parse("bank", bank);
        Destination b = DestinationParser.parse("bank", sameLast4);
        assertEquals(a.payee(), b.payee(), "the policy sees routing + last 4");
        assertFalse(DestinationParser.id(a, bank).equals(DestinationParser.id(b, sameLast4)), "the full number tells them apart");
        assertTrue(DestinationParser.id(a, bank).matches("dst_[0-9a-f]{24}"));
        var lower = Json.parseTrusted("{\"address\": \"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\", \"network\": \"base\"}");
        var checksummed = Json.parseTrusted("{\"address\": \"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\", \"network\": \"base\"}");
        Destination l = DestinationParser.parse("crypto", lower);
        Destination c = DestinationParser.parse("crypto", checksummed);
        assertEquals(DestinationParser.id(l, lower), DestinationParser.id(c, checksummed), "EVM addresses case-insensitively");
        var otherNetwork = Json.parseTrusted("{\"address\": \"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\", \"network\": \"polygon\"}");
        assertFalse(DestinationParser.id(l, lower).equals(DestinationParser.id(DestinationParser.parse("crypto", otherNetwork), otherNetwork)));
    }
}
