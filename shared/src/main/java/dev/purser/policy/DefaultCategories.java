package dev.purser.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The 16 default categories and the default alias table the owner can import (§2.9). */
public final class DefaultCategories {
    private DefaultCategories() {}

    /** Alias to category, in the order of the §2.9 table. */
    public static final Map<String, String> ALIASES;

    /** The default category names, sorted. */
    public static final List<String> NAMES;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "food_delivery", "food", "delivery", "uber_eats", "doordash", "grubhub", "takeout", "takeaway");
        put(m, "restaurants", "dining", "restaurant", "cafe", "coffee", "bar", "lunch", "dinner");
        put(m, "groceries", "grocery", "supermarket", "market", "food_store");
        put(m, "transport", "transportation", "transit", "bus", "train", "metro", "subway", "public_transport");
        put(m, "taxi", "uber", "lyft", "ride", "rideshare", "cab");
        put(m, "flights", "flight", "airfare", "airline", "air_travel", "plane");
        put(m, "accommodation", "hotel", "lodging", "airbnb", "hostel", "motel", "booking");
        put(m, "subscriptions", "subscription", "software", "saas", "license", "membership", "app");
        put(m, "electronics", "tech", "gadgets", "hardware", "computer", "devices", "phone");
        put(m, "entertainment", "movies", "games", "gaming", "music", "streaming", "cinema", "concert");
        put(m, "education", "learning", "course", "courses", "training", "books", "book", "tutorial");
        put(m, "health", "medical", "pharmacy", "medicine", "doctor", "healthcare", "wellness", "fitness", "gym");
        put(m, "clothing", "clothes", "apparel", "shoes", "fashion");
        put(m, "gas", "fuel", "gasoline", "petrol");
        put(m, "household", "home", "furniture", "appliances", "cleaning", "utilities");
        put(m, "other", "misc", "miscellaneous", "general");
        ALIASES = Collections.unmodifiableMap(m);
        NAMES = List.copyOf(new java.util.TreeSet<>(m.values()));
    }

    private static void put(Map<String, String> m, String category, String... aliases) {
        for (String a : aliases) {
            if (m.putIfAbsent(a, category) != null) throw new IllegalStateException("duplicate alias " + a);
        }
    }
}
