package dev.purser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The owner console in real headless Chromium against the in-process local runtime: every
 * scene is set up through the public HTTP APIs (the Agent API for requests), and every outcome
 * is checked both on the page and through the owner API.
 */
class ConsoleBrowserTest {
    static PurserLocal local;
    static HeadlessChromium browser;
    static ChromeDriver driver;
    static ConsoleHttp api;
    static String ownerKey;

    @BeforeAll
    static void start() throws Exception {
        local = PurserLocal.startInMemory();
        api = new ConsoleHttp(local.baseUrl());
        ownerKey = local.demo().ownerKey();
        browser = new HeadlessChromium();
        driver = browser.driver;
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (local != null) local.close();
    }

    @BeforeEach
    void signedOut() {
        driver.get(local.baseUrl() + "/");
        driver.executeScript("sessionStorage.clear()");
        driver.get(local.baseUrl() + "/");
    }

    static void signIn(String key) {
        WebElement input = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.name("owner_key")));
        input.clear();
        input.sendKeys(key);
        driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
    }

    static void signedIn() {
        signIn(ownerKey);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    }

    static void open(String hash) {
        driver.get(local.baseUrl() + "/#" + hash);
    }

    static WebElement waitFor(By by) {
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static WebElement card(String requestId) {
        return waitFor(By.cssSelector("li[data-request-id='" + requestId + "']"));
    }

    static void waitForText(By by, String text) {
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** A fresh agent whose requests above 10 wait for a human. */
    static JsonNode agent(String name) {
        return api.register(ownerKey, name, "{\"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}");
    }

    static String pending(JsonNode agent, String extraJson) {
        var a = api.ask(agent.get("token").asText(), "{\"amount\": 120, \"category\": \"groceries\"" + extraJson + "}");
        assertEquals(201, a.status(), String.valueOf(a.body()));
        assertEquals("pending", a.body().get("status").asText());
        return a.body().get("request_id").asText();
    }

    static String text(By by) {
        return driver.findElement(by).getText();
    }

    @Test
    void servesTheConsoleWithAStrictContentSecurityPolicy() {
        var index = api.get("/");
        assertEquals(200, index.statusCode());
        String csp = index.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(csp.contains("default-src 'self'"), csp);
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", index.headers().firstValue("x-content-type-options").orElseThrow());
        assertFalse(index.body().contains("<script>"), "inline script in index.html");
        assertFalse(index.body().contains("style="), "inline style in index.html");
        assertEquals(200, api.get("/js/app.js").statusCode());
        assertEquals(404, api.get("/js/../pom.xml").statusCode());
        assertEquals(200, api.get("/health").statusCode(), "the API still answers beside the console");
    }

    @Test
    void refusesAWrongOrRevokedKeyAndSignsInAndOut() {
        signIn("pk_not_a_key");
        waitForText(By.cssSelector("form.signin [role=alert]"), "not accepted");
        // A key that worked once and was revoked gets the same clear answer.
        var created = api.call("POST", "/v1/account/keys", ownerKey, "{\"name\": \"temp\"}");
        assertEquals(201, created.status());
        String revoked = created.body().get("key").asText();
        assertEquals(204, api.call("DELETE", "/v1/account/keys/" + created.body().get("key_id").asText(), ownerKey, null).status());
        signIn(revoked);
        waitForText(By.cssSelector("form.signin [role=alert]"), "wrong or has been revoked");

        signedIn();
        assertEquals(ownerKey, driver.executeScript("return sessionStorage.getItem('purser.ownerKey')"));
        assertEquals(0L, driver.executeScript("return document.cookie.length"), "no cookie is used");
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.name("owner_key"));
        assertEquals(null, driver.executeScript("return sessionStorage.getItem('purser.ownerKey')"));
    }

    @Test
    void aKeyRevokedWhileSignedInSendsTheOwnerBackToSignIn() {
        var created = api.call("POST", "/v1/account/keys", ownerKey, "{\"name\": \"short-lived\"}");
        assertEquals(201, created.status());
        signIn(created.body().get("key").asText());
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
        open("/queue");
        waitFor(By.id("queue-count"));
        assertEquals(204, api.call("DELETE", "/v1/account/keys/" + created.body().get("key_id").asText(), ownerKey, null).status());
        // The queue's next poll is refused: the console forgets the key and says why.
        waitForText(By.cssSelector("form.signin [role=alert]"), "no longer accepted");
        assertEquals(null, driver.executeScript("return sessionStorage.getItem('purser.ownerKey')"));
    }

    @Test
    void registersAnAgentShowsItsTokenOnceAndManagesTokensAndStatus() {
        signedIn();
        open("/agents");
        waitFor(By.name("name")).sendKeys("Registered in the console");
        driver.findElement(By.name("budget")).clear();
        driver.findElement(By.name("budget")).sendKeys("250");
        driver.findElement(By.xpath("//button[text()='Register agent']")).click();
        String token = waitFor(By.cssSelector(".reveal code[data-secret]")).getText();
        assertTrue(token.startsWith("agt_"), token);
        assertNotNull(driver.findElement(By.xpath("//section[contains(@class,'reveal')]//button[text()='Copy']")));
        // The token works on the Agent API.
        assertEquals(201, api.ask(token, "{\"amount\": 1, \"category\": \"groceries\"}").status());
        WebElement link = waitFor(By.linkText("Registered in the console"));
        String agentId = link.findElement(By.xpath("ancestor::tr")).getAttribute("data-agent-id");
        link.click();

        // A second token, shown once, then revoked.
        waitFor(By.name("token_name")).sendKeys("second");
        driver.findElement(By.xpath("//button[text()='Create token']")).click();
        String second = waitFor(By.cssSelector(".reveal-slot code[data-secret]")).getText();
        assertEquals(201, api.ask(second, "{\"amount\": 1, \"category\": \"groceries\"}").status());
        driver.findElement(By.cssSelector("button[aria-label='Revoke token second']")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Token revoked");
        assertEquals(401, api.ask(second, "{\"amount\": 1, \"category\": \"groceries\"}").status());

        // Pause and resume.
        waitFor(By.id("pause-agent")).click();
        waitForText(By.id("pause-agent"), "Resume agent");
        assertEquals("paused", api.call("GET", "/v1/agents/" + agentId, ownerKey, null).body().get("status").asText());
        driver.findElement(By.id("pause-agent")).click();
        waitForText(By.id("pause-agent"), "Pause agent");
        assertEquals("active", api.call("GET", "/v1/agents/" + agentId, ownerKey, null).body().get("status").asText());

        // Deregister, after a confirmation.
        driver.findElement(By.id("deregister")).click();
        waitFor(By.id("confirm-ok")).click();
        waitFor(By.cssSelector("h1 .badge.archived"));
        assertEquals("archived", api.call("GET", "/v1/agents/" + agentId, ownerKey, null).body().get("status").asText());
        assertEquals(401, api.ask(token, "{\"amount\": 1, \"category\": \"groceries\"}").status());
    }

    @Test
    void aPendingRequestAppearsWithoutAReloadAndApprovingItMovesTheBudget() {
        JsonNode agent = agent("Approver test agent");
        String agentId = agent.get("agent_id").asText();
        signedIn();
        open("/queue");
        waitFor(By.id("queue-count"));
        driver.executeScript("window.__sameDocument = 'yes'");

        String requestId = pending(agent, ", \"merchant_name\": \"Corner Market\", \"agent_comment\": \"weekly shop\"");
        WebElement card = card(requestId);
        assertEquals("yes", driver.executeScript("return window.__sameDocument"), "the page was reloaded");
        assertTrue(card.getText().contains("120.00 USD"), card.getText());
        assertTrue(card.getText().contains("Corner Market"), card.getText());
        assertTrue(card.getText().contains("weekly shop"), card.getText());
        assertTrue(card.getText().contains("Approver test agent"), card.getText());
        assertTrue(card.getText().contains("left"), "time left is shown: " + card.getText());
        assertFalse(card.findElements(By.cssSelector(".checks li")).isEmpty(), "the policy check is listed");

        open("/agents/" + agentId);
        waitForText(By.cssSelector("dd[data-field=held]"), "120.00");
        assertEquals("0.00 USD", text(By.cssSelector("dd[data-field=spent]")));

        open("/queue");
        card(requestId).findElement(By.cssSelector("button[data-action=approve]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Approved 120.00 USD");
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("li[data-request-id='" + requestId + "']")));
        assertEquals("approved", api.call("GET", "/v1/requests/" + requestId, ownerKey, null).body().get("status").asText());

        open("/agents/" + agentId);
        waitForText(By.cssSelector("dd[data-field=spent]"), "120.00 USD");
        assertEquals("0.00 USD", text(By.cssSelector("dd[data-field=held]")));
        assertEquals("880.00 USD", text(By.cssSelector("dd[data-field=remaining]")));
    }

    @Test
    void rejectsWithAReason() {
        JsonNode agent = agent("Reject test agent");
        String requestId = pending(agent, ", \"merchant_name\": \"Gadget Shop\"");
        signedIn();
        open("/queue");
        WebElement card = card(requestId);
        card.findElement(By.name("reason")).sendKeys("Not this week");
        card.findElement(By.cssSelector("button[data-action=reject]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Rejected 120.00 USD");
        JsonNode stored = api.call("GET", "/v1/requests/" + requestId, ownerKey, null).body();
        assertEquals("rejected", stored.get("status").asText());
        assertEquals("Not this week", stored.get("review_reason").asText());
    }

    @Test
    void saysSoWhenAnotherReviewerGotThereFirst() {
        JsonNode agent = agent("Race test agent");
        String requestId = pending(agent, "");
        signedIn();
        open("/queue");
        WebElement card = card(requestId);
        // Another reviewer approves through the API while the card is on screen.
        assertEquals(200, api.call("POST", "/v1/requests/" + requestId + "/approve", ownerKey, "{}").status());
        card.findElement(By.cssSelector("button[data-action=reject]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Another reviewer or the expiry got there first");
        assertEquals("approved", api.call("GET", "/v1/requests/" + requestId, ownerKey, null).body().get("status").asText());
    }

    @Test
    void showsThePolicyValidationErrorOnItsField() {
        JsonNode agent = agent("Policy test agent");
        signedIn();
        open("/agents/" + agent.get("agent_id").asText());
        WebElement daily = waitFor(By.name("daily_limit"));
        daily.clear();
        daily.sendKeys("-5");
        driver.findElement(By.cssSelector("#policy-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(daily, "aria-invalid", "true"));
        WebElement error = driver.findElement(By.id(daily.getAttribute("id") + "-error"));
        assertTrue(error.isDisplayed());
        assertFalse(error.getText().isBlank());
        assertTrue(daily.getAttribute("aria-describedby").contains(error.getAttribute("id")));
        assertEquals(daily, driver.switchTo().activeElement(), "focus moves to the field in error");
        // Nothing was stored.
        JsonNode policy = api.call("GET", "/v1/agents/" + agent.get("agent_id").asText() + "/policy", ownerKey, null).body();
        assertTrue(policy.get("policy").get("daily_limit") == null, policy.toString());

        // A valid value saves, and the error goes away.
        daily.clear();
        daily.sendKeys("75");
        driver.findElement(By.cssSelector("#policy-form button[type=submit]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Policy saved");
        policy = api.call("GET", "/v1/agents/" + agent.get("agent_id").asText() + "/policy", ownerKey, null).body();
        assertEquals(0, policy.get("policy").get("daily_limit").decimalValue().compareTo(new java.math.BigDecimal("75")), policy.toString());
    }

    @Test
    void theTryItPanelShowsEachCheckAndChangesNothing() {
        JsonNode agent = api.register(ownerKey, "Dry run agent",
                "{\"per_request_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}");
        String agentId = agent.get("agent_id").asText();
        signedIn();
        open("/agents/" + agentId);
        WebElement amount = waitFor(By.name("try_amount"));
        amount.clear();
        amount.sendKeys("150");
        driver.findElement(By.cssSelector("#try-form button[type=submit]")).click();
        waitFor(By.cssSelector(".try-result .verdict .badge.rejected"));
        List<WebElement> checks = driver.findElements(By.cssSelector(".try-result .checks li"));
        assertFalse(checks.isEmpty());
        assertTrue(checks.stream().anyMatch(c -> c.getAttribute("class").contains("fail")),
                "the failing check is marked: " + checks.stream().map(WebElement::getText).toList());

        amount.clear();
        amount.sendKeys("5");
        driver.findElement(By.cssSelector("#try-form button[type=submit]")).click();
        waitFor(By.cssSelector(".try-result .verdict .badge.auto_approved"));

        JsonNode after = api.call("GET", "/v1/agents/" + agentId, ownerKey, null).body();
        assertEquals("0.00", after.get("spent").asText());
        assertEquals("0.00", after.get("held").asText());
        assertEquals(0, api.call("GET", "/v1/requests?agent_id=" + agentId, ownerKey, null).body().get("requests").size());
    }

    @Test
    void attackerControlledTextIsRenderedInert() {
        JsonNode agent = agent("XSS test agent");
        String merchant = "<img src=x onerror=\"window.__xss=1;alert(1)\">";
        String description = "<script>window.__xss=2</script><b id=injected>bold</b>";
        String requestId = pending(agent, ", \"merchant_name\": " + ConsoleHttp.quote(merchant)
                + ", \"description\": " + ConsoleHttp.quote(description)
                + ", \"agent_comment\": " + ConsoleHttp.quote("<svg onload=alert(3)>"));
        signedIn();
        open("/queue");
        browser.cspViolations(); // start from a clean log
        WebElement card = card(requestId);
        assertEquals(merchant, card.findElement(By.cssSelector(".merchant-name")).getText());
        assertEquals(description, card.findElement(By.cssSelector(".description")).getText());
        assertTrue(card.getText().contains("<svg onload=alert(3)>"));
        open("/spending");
        waitForText(By.cssSelector("table.data tbody"), "<b id=injected>");
        for (String page : List.of("/queue", "/spending")) {
            open(page);
            waitFor(By.cssSelector("main h1"));
            assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert opened on " + page);
            assertTrue(driver.findElements(By.cssSelector("main img, main script, #injected, main svg[onload]")).isEmpty(),
                    "markup from a request was injected on " + page);
            assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));
        }
        // The console itself runs under the strict policy without tripping it (no inline anything).
        assertEquals(List.of(), browser.cspViolations());
        // …and the detector works: an inline style attribute is refused and reported.
        driver.executeScript("var d = document.createElement('div'); d.setAttribute('style', 'color: red');"
                + " document.body.append(d);");
        browser.waiting().until(d -> !browser.cspViolations().isEmpty());
    }

    @Test
    void theKillSwitchPausesEveryAgentAfterAConfirmation() {
        JsonNode agent = agent("Kill switch agent");
        String token = agent.get("token").asText();
        signedIn();
        open("/agents");
        waitFor(By.id("kill-switch")).click();
        WebElement dialog = waitFor(By.id("confirm"));
        assertTrue(dialog.getText().contains("Pause every agent?"));
        driver.findElement(By.id("confirm-cancel")).click();
        assertFalse(api.call("GET", "/v1/account", ownerKey, null).body().get("all_agents_paused").asBoolean(),
                "cancel changed nothing");

        waitFor(By.id("kill-switch")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.id("kill-state"), "All agents are paused");
        waitFor(By.cssSelector(".kill-banner"));
        try {
            var refused = api.ask(token, "{\"amount\": 5, \"category\": \"groceries\"}");
            assertEquals(403, refused.status());
            assertEquals("All agents are paused by account owner", refused.body().get("detail").asText());
        } finally {
            waitFor(By.id("kill-switch")).click();
            waitFor(By.id("confirm-ok")).click();
            waitForText(By.id("kill-state"), "Agents are running");
        }
        assertEquals(201, api.ask(token, "{\"amount\": 5, \"category\": \"groceries\"}").status());
        assertNotNull(api.call("GET", "/v1/account", ownerKey, null).body());
    }
}
