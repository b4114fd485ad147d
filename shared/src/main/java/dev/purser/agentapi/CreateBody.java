package dev.purser.agentapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.http.ValidationErrors;
import dev.purser.json.Json;
import dev.purser.money.Currencies;
import dev.purser.money.Money;
import dev.purser.requests.NewRequest;
import java.math.BigDecimal;
import java.util.Locale;

/** Validates the body of {@code POST /requests} (and of the dry-run check) per spec §1.3. */
public final class CreateBody {
    private CreateBody() {}

    public static NewRequest parse(JsonNode raw) {
        ValidationErrors errors = new ValidationErrors();
        ObjectNode body = BodyFields.requireObject(raw, errors);
        BodyFields f = new BodyFields(body, errors);
        BigDecimal amount = f.amount("amount", true);
        String currency = f.string("currency", 3, false);
        if (currency != null) {
            currency = currency.strip().toUpperCase(Locale.ROOT);
            if (!Currencies.isSupported(currency)) {
                errors.add("value_error", "Value error, Unsupported currency: " + currency, body.get("currency"),
                        Json.object().put("error", "Unsupported currency: " + currency), "body", "currency");
                currency = null;
            }
        }
        String category = f.string("category", 50, true);
        String merchant = f.string("merchant_name", 255, false);
        String description = f.string("description", 2000, false);
        String comment = f.string("agent_comment", 2000, false);
        errors.throwIfAny();
        return new NewRequest(amount, Money.toMinor(amount), currency, category, merchant, description, comment);
    }
}
