package dev.purser.policy;

/** One explained check of a decision: {@code {"rule", "result": "pass"|"fail", "detail"}} on the wire. */
public record Check(String rule, boolean passed, String detail) {
    public static Check pass(String rule, String detail) {
        return new Check(rule, true, detail);
    }

    public static Check fail(String rule, String detail) {
        return new Check(rule, false, detail);
    }

    public String result() {
        return passed ? "pass" : "fail";
    }
}
