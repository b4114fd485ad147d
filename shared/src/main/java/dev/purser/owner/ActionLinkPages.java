package dev.purser.owner;

import dev.purser.accounts.Account;
import dev.purser.accounts.AccountStore;
import dev.purser.accounts.Agent;
import dev.purser.accounts.AgentStore;
import dev.purser.config.Purser;
import dev.purser.http.HttpRequest;
import dev.purser.http.HttpResponse;
import dev.purser.money.Money;
import dev.purser.requests.PurchaseRequest;
import dev.purser.requests.RequestStatus;
import dev.purser.requests.Transition;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The pages behind one-click links. GET only shows what the link would do (mail scanners and
 * link previews open links; they must not approve anything); the page's form POSTs to the same
 * URL, which performs the action through the lifecycle. Every refusal is a 4xx page that says
 * why, and changes nothing.
 */
final class ActionLinkPages {
    private static final Map<String, String> HEADERS = Map.of(
            "content-type", "text/html; charset=utf-8",
            "cache-control", "no-store",
            "x-frame-options", "DENY",
            // The token is in the URL: never hand it to another site.
            "referrer-policy", "no-referrer",
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");

    /** "Mon 7 Dec 2026, 15:05": a person reads this page, not a parser. */
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final Purser purser;
    private final AgentStore agents;
    private final AccountStore accounts;
    private volatile ActionLinks links;

    ActionLinkPages(Purser purser) {
        this.purser = purser;
        this.agents = new AgentStore(purser.dynamo(), purser.table());
        this.accounts = new AccountStore(purser.dynamo(), purser.table());
    }

    /** Built on first use, not at init: the key may have to be read from (or created in) the table. */
    private ActionLinks links() {
        ActionLinks l = links;
        if (l == null) links = l = ActionLinks.of(purser);
        return l;
    }

    HttpResponse page(HttpRequest request) {
        Checked c = check(request);
        if (c.refusal != null) return c.refusal;
        PurchaseRequest r = c.request;
        String verb = c.claim.action() == ActionLinks.Action.APPROVE ? "Approve" : "Reject";
        String body = "<p>" + verb + " this purchase request?</p>" + details(r)
                + "<form method=\"post\"><button type=\"submit\">" + verb + "</button></form>"
                + "<p class=\"small\">Valid until " + esc(readable(r.expiresAt(), zoneOf(r))) + ". The link works once.</p>";
        return html(200, verb + " request", body);
    }

    HttpResponse perform(HttpRequest request) {
        Checked c = check(request);
        if (c.refusal != null) return c.refusal;
        PurchaseRequest r = c.request;
        Transition t = c.claim.action() == ActionLinks.Action.APPROVE
                ? purser.lifecycle().approve(r.accountId(), r.id(), purser.now())
                : purser.lifecycle().reject(r.accountId(), r.id(), "Rejected with a one-click link", purser.now());
        if (t instanceof Transition.Done d) {
            String done = d.request().status() == RequestStatus.APPROVED ? "Approved" : "Rejected";
            return html(200, done, "<p>" + done + ".</p>" + details(d.request()));
        }
        if (t instanceof Transition.NotFound) return notFound();
        PurchaseRequest now = t instanceof Transition.Expired e ? e.request() : ((Transition.WrongStatus) t).request();
        return notPending(now);
    }

    /** The link's claim and pending request, or the refusal page. */
    private record Checked(ActionLinks.Claim claim, PurchaseRequest request, HttpResponse refusal) {}

    private Checked check(HttpRequest request) {
        var claim = links().verify(request.pathParameter("token")).orElse(null);
        if (claim == null) {
            return refused(html(403, "Invalid link",
                    "<p>This link is not valid: it was not issued by Purser or it has been altered.</p>"));
        }
        if (claim.stale(purser.now())) return refused(expired());
        PurchaseRequest r = purser.lifecycle().get(claim.requestId());
        if (r == null) return refused(notFound());
        if (r.status() != RequestStatus.PENDING) return refused(notPending(r));
        return new Checked(claim, r, null);
    }

    private static Checked refused(HttpResponse page) {
        return new Checked(null, null, page);
    }

    private HttpResponse notPending(PurchaseRequest r) {
        if (r.status() == RequestStatus.EXPIRED) return expired();
        return html(409, "Link already used",
                "<p>This link can no longer be used: the request has already been " + esc(r.status().wire())
                        + ". Approve and reject links work once, and only while the request is pending.</p>" + details(r));
    }

    private static HttpResponse expired() {
        return html(410, "Link expired", "<p>This link has expired: the request is no longer waiting for approval.</p>");
    }

    private static HttpResponse notFound() {
        return html(404, "Request not found", "<p>The request of this link does not exist.</p>");
    }

    private String details(PurchaseRequest r) {
        Agent agent = agents.get(r.agentId());
        return "<table>"
                + row("Amount", Money.plain(r.amount()) + " " + r.currency())
                + row("Merchant", r.merchantName())
                + row("Category", r.category())
                + row("Description", r.description())
                + row("Agent comment", r.agentComment())
                + row("Agent", agent == null ? r.agentId() : agent.name())
                + row("Asked", readable(r.createdAt(), zoneOf(r)))
                + row("Request", r.id())
                + "</table>";
    }

    /** The account's time zone (the owner's clock), UTC if the account cannot be read. */
    private ZoneId zoneOf(PurchaseRequest r) {
        Account account = accounts.get(r.accountId());
        return account == null ? ZoneId.of("UTC") : account.zone();
    }

    static String readable(Instant at, ZoneId zone) {
        return at == null ? null : READABLE.format(at.atZone(zone)) + " (" + zone.getId() + ")";
    }

    private static String row(String label, String value) {
        return value == null ? "" : "<tr><th>" + esc(label) + "</th><td>" + esc(value) + "</td></tr>";
    }

    static HttpResponse html(int status, String title, String body) {
        String page = "<!doctype html><html><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex\"><title>" + esc(title) + " · Purser</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}"
                + "th{text-align:left;padding-right:1rem}button{font-size:1.1rem;padding:.5rem 1.5rem}"
                + ".small{color:#555;font-size:.9rem}</style></head><body><h1>" + esc(title) + "</h1>"
                + body + "</body></html>";
        return new HttpResponse(status, HEADERS, page);
    }

    /** HTML-escapes text for element content and quoted attributes. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&': b.append("&amp;"); break;
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '"': b.append("&quot;"); break;
                case '\'': b.append("&#39;"); break;
                default: b.append(ch);
            }
        }
        return b.toString();
    }
}
