package dev.purser.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Issue 23: amounts are ASCII digits only ({@code BigDecimal} alone reads Arabic-Indic and full-width digits). */
class DecimalsTest {
    @Test
    void asciiDecimalsAreRead() {
        assertEquals(new BigDecimal("12.50"), Decimals.ascii(" 12.50 "));
        assertEquals(new BigDecimal("1E+2"), Decimals.ascii("1e2"));
        assertEquals(new BigDecimal(".5"), Decimals.ascii(".5"));
        assertEquals(new BigDecimal("-3"), Decimals.ascii("-3"));
        assertEquals(new BigDecimal("12.50"), Decimals.parse(TextNode.valueOf("12.50")));
    }

    @Test
    void otherDigitsAndNonNumbersAreNot() {
        for (String s : new String[] {"١٢", "１２", "۱۲", "१२", "12٫5", "1_000", "NaN", "Infinity", "0x10", "", "-", "1e", "１", "1 2"}) {
            assertNull(Decimals.ascii(s), s);
            assertNull(Decimals.parse(TextNode.valueOf(s)), s);
        }
    }
}
