package dev.purser.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one run: a printed table for people and a JSON document for tools. */
final class Report {
    record Row(String section, String measure, String value, String target) {}

    private final List<Row> rows = new ArrayList<>();
    private final ObjectNode json = Json.object();

    ObjectNode json() {
        return json;
    }

    /** The JSON object of one section (created on first use). */
    ObjectNode section(String name) {
        ObjectNode sections = json.has("sections") ? (ObjectNode) json.get("sections") : json.putObject("sections");
        return sections.has(name) ? (ObjectNode) sections.get(name) : sections.putObject(name);
    }

    void row(String section, String measure, String value, String target) {
        rows.add(new Row(section, measure, value, target == null ? "" : target));
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    String table() {
        int[] w = {7, 7, 5, 6};
        for (Row r : rows) {
            w[0] = Math.max(w[0], r.section().length());
            w[1] = Math.max(w[1], r.measure().length());
            w[2] = Math.max(w[2], r.value().length());
            w[3] = Math.max(w[3], r.target().length());
        }
        String fmt = "| %-" + w[0] + "s | %-" + w[1] + "s | %" + w[2] + "s | %-" + w[3] + "s |%n";
        StringBuilder b = new StringBuilder();
        b.append(String.format(fmt, "Section", "Measure", "Value", "Target"));
        b.append("|").append("-".repeat(w[0] + 2)).append("|").append("-".repeat(w[1] + 2)).append("|")
                .append("-".repeat(w[2] + 1)).append(":|").append("-".repeat(w[3] + 2)).append("|\n");
        String last = null;
        for (Row r : rows) {
            b.append(String.format(fmt, r.section().equals(last) ? "" : r.section(), r.measure(), r.value(), r.target()));
            last = r.section();
        }
        return b.toString();
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }
}
