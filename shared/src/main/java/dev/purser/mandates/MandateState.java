package dev.purser.mandates;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.money.Money;

/**
 * A mandate with its running use: {@code used} is the sum of the amounts of the payments it has
 * authorized (kept on its own item, {@code MANDATE#<id>} / {@code TOTAL}, so a new signed version —
 * a whole-item put — never overwrites the total, and payments never contend with edits).
 */
public record MandateState(Mandate mandate, long used, long uses) {

    /** The signed mandate plus its running figures (not signed: they change with every use). */
    public ObjectNode view() {
        ObjectNode o = mandate.view();
        o.put("total_used", Money.plain(used));
        Long total = mandate.terms().totalLimit();
        o.put("total_remaining", total == null ? null : Money.plain(Math.max(0, total - used)));
        o.put("uses", uses);
        return o;
    }
}
