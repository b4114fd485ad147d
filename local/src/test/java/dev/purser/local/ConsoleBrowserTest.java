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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

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
        local = PurserLocal.startInMemoryWithLoopbackWebhooks(); // the webhook form test adds loopback receivers
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

    // --- Issue 26: the defects found in a walk of the console ---------------------------------

    /** Funds an agent's default wallet (sandbox faucet) and answers its id. */
    static String fundedWallet(JsonNode agent, String amount) {
        String wallet = agent.get("wallet_id").asText();
        var funded = api.call("POST", "/v1/wallets/" + wallet + "/fund", ownerKey,
                "{\"amount\": \"" + amount + "\", \"source\": \"test_faucet\"}");
        assertEquals(200, funded.status(), String.valueOf(funded.body()));
        return wallet;
    }

    static JsonNode pay(JsonNode agent, String json) {
        var paid = api.call("POST", "/v1/payments", agent.get("token").asText(), json);
        assertEquals(201, paid.status(), String.valueOf(paid.body()));
        return paid.body();
    }

    static void noHorizontalScroll(String where) {
        Object wide = driver.executeScript("const w = document.documentElement.clientWidth;"
                + " if (document.documentElement.scrollWidth <= w) return null;"
                + " return [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > w + 1)"
                + ".slice(-3).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ');");
        assertEquals(null, wide, "horizontal scroll on " + where);
    }

    /** How many lines the element's text takes (a word broken in three reads as three). */
    static long lines(WebElement el) {
        return (Long) driver.executeScript("const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                + " return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;", el);
    }

    @Test
    void theHistorySaysWhyARequestWasDeclinedAndWhatBecameOfAPaymentWithoutBreakingWords() {
        JsonNode agent = api.register(ownerKey, "History agent",
                "{\"per_request_limit\": 100, \"auto_approve\": {\"enabled\": true, \"max_amount\": 10}}");
        JsonNode payee = agent("History payee");
        String longText = "Annual renewal of the team's design tool seats, billed per editor, with the storage add-on. ".repeat(3);
        var declined = api.ask(agent.get("token").asText(), "{\"amount\": 150, \"category\": \"subscriptions\", \"merchant_name\": "
                + "\"Figma Incorporated Subscriptions Department\", \"description\": " + ConsoleHttp.quote(longText) + "}");
        assertEquals("rejected", declined.body().get("status").asText());
        String wallet = fundedWallet(agent, "100");
        JsonNode payment = pay(agent, "{\"from_wallet_id\": \"" + wallet + "\", \"to_wallet_id\": \"" + payee.get("wallet_id").asText()
                + "\", \"amount\": \"5.00\", \"description\": \"lunch\"}");
        assertEquals("completed", payment.get("status").asText());
        assertEquals(200, api.call("POST", "/v1/payments/" + payment.get("id").asText() + "/refund", ownerKey, "{}").status());

        browser.viewport(1400, 900);
        try {
            signedIn();
            open("/spending");
            String rejectedId = declined.body().get("request_id").asText();
            WebElement row = waitFor(By.xpath("//tbody/tr[td[@data-field='approval']//*[contains(@class,'rejected')]]"
                    + "[td[normalize-space()='Figma Incorporated Subscriptions Department']]"));
            assertTrue(row.findElement(By.cssSelector("td[data-field=approval]")).getText().contains("per_request_limit"),
                    "the failing check of " + rejectedId + ": " + row.getText());
            WebElement category = row.findElement(By.xpath("td[@data-label='Category']"));
            assertEquals("subscriptions", category.getText());
            assertEquals(1L, lines(category), "the category is broken mid-word at 1400 px");
            // The refunded payment: approved automatically, and refunded.
            WebElement paid = waitFor(By.xpath("//tbody/tr[td[@data-field='outcome']//*[contains(@class,'refunded')]]"));
            assertTrue(paid.findElement(By.cssSelector("td[data-field=approval]")).getText().toLowerCase().contains("auto approved"), paid.getText());
            assertEquals("refunded", paid.findElement(By.cssSelector("td[data-field=outcome]")).getText().toLowerCase());
            noHorizontalScroll("/spending at 1400");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void aQueueCardSaysWhatHeldItKeepsItsBudgetFreshAndPutsApproveFirstOnAPhone() {
        JsonNode agent = agent("Queue card agent");
        String comment = "We need this before the quarterly review, the old licence lapses on Friday. ".repeat(4);
        String requestId = pending(agent, ", \"merchant_name\": \"Licence Store\", \"description\": "
                + ConsoleHttp.quote("Renewal. ".repeat(40)) + ", \"agent_comment\": " + ConsoleHttp.quote(comment));
        String wallet = fundedWallet(agent, "500");
        String xss = "<img src=x onerror=\"window.__xss=9\">";
        JsonNode payment = pay(agent, "{\"from_wallet_id\": \"" + wallet + "\", \"to_external\": \"acme-supplies.example\","
                + " \"amount\": \"50.00\", \"description\": " + ConsoleHttp.quote("printer paper " + xss) + "}");
        assertEquals("pending_approval", payment.get("status").asText());
        signedIn();
        open("/queue");
        WebElement card = card(requestId);
        assertTrue(card.findElement(By.cssSelector(".held-why")).getText().contains("over auto-approve 10.00 USD"), card.getText());
        assertEquals(null, card.findElement(By.cssSelector("details.policy")).getAttribute("open"), "checks start collapsed");
        waitForText(By.cssSelector("li[data-request-id='" + requestId + "'] [data-field=budget-left]"), "830.00 USD");

        // The payment's card: who is paid, what for, and the fee; its description is inert text.
        WebElement payCard = card(payment.get("id").asText());
        waitForText(By.cssSelector("li[data-request-id='" + payment.get("id").asText() + "'] [data-field=fee]"),
                payment.get("fee").asText() + " USD");
        assertTrue(payCard.getText().contains("Payment to acme-supplies.example: printer paper " + xss), payCard.getText());
        assertFalse(payCard.getText().contains("payment pay_"), payCard.getText());
        assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty(), "markup from a payment was injected");
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));

        // An auto-approved spend elsewhere moves the budget: the open card follows without a reload.
        assertEquals(201, api.ask(agent.get("token").asText(), "{\"amount\": 5, \"category\": \"groceries\"}").status());
        waitForText(By.cssSelector("li[data-request-id='" + requestId + "'] [data-field=budget-left]"), "825.00 USD");

        browser.viewport(390, 844);
        try {
            open("/queue");
            WebElement approve = card(requestId).findElement(By.cssSelector("button[data-action=approve]"));
            Number bottom = (Number) driver.executeScript("return arguments[0].getBoundingClientRect().bottom - "
                    + "arguments[1].getBoundingClientRect().top", approve, card(requestId));
            assertTrue(bottom.doubleValue() < 400, "Approve is " + bottom + " px into the card on a phone");
            noHorizontalScroll("/queue at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void thePolicyEditorShowsWarningsOnFieldsDropsAStaleSavedAndEditsYearlyAndRollingLimits() {
        JsonNode agent = api.register(ownerKey, "Policy warnings agent", "{\"per_request_limit\": 200}");
        String agentId = agent.get("agent_id").asText();
        signedIn();
        open("/agents/" + agentId);
        WebElement enabled = waitFor(By.name("auto_approve.enabled"));
        if (!enabled.isSelected()) enabled.click();
        WebElement max = driver.findElement(By.name("auto_approve.max_amount"));
        max.clear();
        max.sendKeys("5000");
        driver.findElement(By.cssSelector("#policy-form button[type=submit]")).click();
        WebElement warning = waitFor(By.cssSelector("[data-warning-for='auto_approve.max_amount']"));
        assertTrue(warning.getText().contains("is above per_request_limit 200"), warning.getText());
        waitForText(By.cssSelector("[role=status].notice"), "Policy saved");

        // An error after a save: the old "Policy saved" goes.
        WebElement daily = driver.findElement(By.name("daily_limit"));
        daily.clear();
        daily.sendKeys("-5");
        driver.findElement(By.cssSelector("#policy-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(By.name("daily_limit"), "aria-invalid", "true"));
        assertFalse(driver.findElement(By.cssSelector("main > [role=status].notice")).isDisplayed(), "a stale 'Policy saved' stays");

        daily = driver.findElement(By.name("daily_limit"));
        daily.clear();
        driver.findElement(By.name("yearly_limit")).sendKeys("900");
        driver.findElement(By.name("rolling_24h_limit")).sendKeys("300");
        driver.findElement(By.cssSelector("#policy-form button[type=submit]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Policy saved");
        JsonNode policy = api.call("GET", "/v1/agents/" + agentId + "/policy", ownerKey, null).body().get("policy");
        assertEquals(0, policy.get("yearly_limit").decimalValue().compareTo(new java.math.BigDecimal("900")), policy.toString());
        assertEquals(0, policy.get("rolling_24h_limit").decimalValue().compareTo(new java.math.BigDecimal("300")), policy.toString());
        open("/queue");
        open("/agents/" + agentId);
        waitForText(By.cssSelector(".chart-item[data-window=yearly]"), "limit 900.00 USD");
        waitForText(By.cssSelector(".chart-item[data-window=rolling_24h]"), "limit 300.00 USD");
    }

    @Test
    void agentPagesShowLeaseLimitsTheKillSwitchAndNoFullBarWithoutALimit() {
        JsonNode parent = agent("Lease parent");
        JsonNode child = agent("Lease child");
        var lease = api.call("POST", "/v1/spend-guard/budget-leases", ownerKey, "{\"parent_agent\": \"" + parent.get("agent_id").asText()
                + "\", \"child_agent\": \"" + child.get("agent_id").asText() + "\", \"amount\": \"200\"}");
        assertEquals(201, lease.status(), String.valueOf(lease.body()));
        assertEquals(201, api.ask(child.get("token").asText(), "{\"amount\": 5, \"category\": \"groceries\"}").status());
        signedIn();
        open("/agents/" + child.get("agent_id").asText());
        waitForText(By.id("lease-note"), "195.00 USD left of 200.00 USD");
        waitForText(By.cssSelector(".chart-item[data-window=lease]"), "limit 200.00 USD");
        assertFalse(text(By.cssSelector("[aria-labelledby=spending-title]")).contains("null"));
        for (WebElement figures : driver.findElements(By.cssSelector(".chart-figures"))) {
            assertFalse(figures.getText().endsWith("· no limit"), "a leased child reads 'no limit': " + figures.getText());
        }
        assertFalse(driver.findElement(By.cssSelector(".legend")).getText().contains("Held (pending)"));
        open("/agents/" + parent.get("agent_id").asText());
        waitForText(By.id("leased-out"), "1 active lease");

        // Without a limit the account's windows draw no bar (the account has spending, and no rules).
        open("/spending");
        WebElement accountChart = waitFor(By.cssSelector("#main .chart-box"));
        assertTrue(accountChart.findElements(By.cssSelector("rect.spent")).isEmpty(), "a full bar without a limit");
        assertFalse(accountChart.findElements(By.cssSelector("rect.track.unlimited")).isEmpty());

        // The kill switch: no green "Active" badge while every agent is stopped.
        assertEquals(200, api.call("POST", "/v1/account/kill-switch", ownerKey, "{\"paused\": true}").status());
        try {
            open("/agents");
            WebElement row = waitFor(By.cssSelector("tr[data-agent-id='" + parent.get("agent_id").asText() + "']"));
            browser.waiting().until(d -> row.getText().toLowerCase().contains("paused (kill switch)"));
            assertTrue(row.findElements(By.cssSelector(".badge.active")).isEmpty());
            open("/agents/" + parent.get("agent_id").asText());
            browser.waiting().until(d -> d.findElement(By.cssSelector("main h1")).getText().toLowerCase().contains("paused (kill switch)"));
        } finally {
            assertEquals(200, api.call("POST", "/v1/account/kill-switch", ownerKey, "{\"paused\": false}").status());
        }
    }

    @Test
    void theWebhookFormKeepsItsEventsAndTheSecretNamesItsUrl() {
        signedIn();
        open("/webhooks");
        WebElement url = waitFor(By.name("url"));
        url.sendKeys("http://127.0.0.1:9/first-hook");
        driver.findElement(By.xpath("//button[text()='Add webhook']")).click();
        waitForText(By.cssSelector(".reveal h3"), "Signing secret for http://127.0.0.1:9/first-hook");
        assertEquals("*", driver.findElement(By.name("events")).getAttribute("value"), "the Events field emptied");
        driver.findElement(By.name("url")).sendKeys("http://127.0.0.1:9/second-hook");
        driver.findElement(By.xpath("//button[text()='Add webhook']")).click();
        waitForText(By.cssSelector(".reveal h3"), "Signing secret for http://127.0.0.1:9/second-hook");
        JsonNode hooks = api.call("GET", "/v1/webhooks", ownerKey, null).body().get("data");
        for (JsonNode w : hooks) {
            if (w.get("url").asText().endsWith("second-hook")) assertEquals("*", w.get("events").get(0).asText(), w.toString());
        }
    }

    @Test
    void theDemoAgentPrintedAtStartHasAWallet() {
        JsonNode wallets = api.call("GET", "/v1/wallets?agent_id=" + local.demo().agentId(), ownerKey, null).body();
        assertEquals(1, wallets.get("wallets").size(), wallets.toString());
        String wallet = wallets.get("wallets").get(0).get("id").asText();
        assertEquals(200, api.call("POST", "/v1/wallets/" + wallet + "/fund", ownerKey,
                "{\"amount\": \"20\", \"source\": \"test_faucet\"}").status());
        var paid = api.call("POST", "/v1/payments", local.demo().agentToken(), "{\"from_wallet_id\": \"" + wallet
                + "\", \"to_external\": \"coffee.example\", \"amount\": \"3.00\"}");
        assertEquals(201, paid.status(), "the printed token pays from its wallet: " + paid.body());
    }

    @Test
    void theMoneyPageShowsWalletsMovementsAndPaymentsAndRefundsPartlyThenFully() {
        JsonNode payer = agent("Money payer");
        String wallet = fundedWallet(payer, "300");
        String xss = "<img src=x onerror=\"window.__xss=11\"><b id=injected-money>b</b>";
        JsonNode payment = pay(payer, "{\"from_wallet_id\": \"" + wallet + "\", \"to_external\": \"stationery.example\","
                + " \"amount\": \"8.00\", \"description\": " + ConsoleHttp.quote("Pens and paper " + xss) + "}");
        String paymentId = payment.get("id").asText();
        assertEquals("completed", payment.get("status").asText());
        signedIn();
        open("/money");
        WebElement walletRow = waitFor(By.cssSelector("tr[data-wallet-id='" + wallet + "']"));
        String balance = new java.math.BigDecimal("300").subtract(new java.math.BigDecimal(payment.get("total_debited").asText())).toPlainString();
        assertEquals(balance + " USD", walletRow.findElement(By.cssSelector("[data-field=balance]")).getText());
        walletRow.findElement(By.xpath(".//button[text()='Movements']")).click();
        waitForText(By.cssSelector("[aria-labelledby=movements-title] tbody"), "300.00 USD");

        // The payment: fee, receipt, then a partial and a full refund.
        WebElement row = waitFor(By.cssSelector("tr[data-payment-id='" + paymentId + "']"));
        assertEquals("Pens and paper " + xss, row.findElement(By.cssSelector(".description-cell")).getText(), "positive control: the text is shown");
        row.findElement(By.xpath(".//button[text()='Details']")).click();
        waitForText(By.cssSelector("#payment-detail [data-field=fee]"), payment.get("fee").asText() + " USD");
        driver.findElement(By.id("show-receipt")).click();
        waitForText(By.id("receipt"), paymentId + ":payment");
        WebElement amount = waitFor(By.name("refund_amount"));
        amount.sendKeys("3.00");
        driver.findElement(By.cssSelector("#refund-form button[type=submit]")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("#payment-detail [data-field=refunded]"), "3.00 USD");
        assertEquals("partially_refunded", api.call("GET", "/v1/payments/" + paymentId, ownerKey, null).body().get("status").asText());
        waitFor(By.name("refund_amount"));
        driver.findElement(By.cssSelector("#refund-form button[type=submit]")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("#payment-detail [data-field=refunded]"), "8.00 USD");
        JsonNode after = api.call("GET", "/v1/payments/" + paymentId, ownerKey, null).body();
        assertEquals("refunded", after.get("status").asText());
        assertEquals("8.00", after.get("refunded_amount").asText());
        waitForText(By.cssSelector("#payment-detail"), "cannot be refunded");

        assertTrue(driver.findElements(By.cssSelector("main img, #injected-money")).isEmpty(), "markup from a payment was injected");
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));
        browser.viewport(390, 844);
        try {
            open("/money");
            waitFor(By.cssSelector("tr[data-payment-id='" + paymentId + "']"));
            noHorizontalScroll("/money at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void theOperatorKeySignsInResolvesADisputeAndBlocksAnAccount() {
        JsonNode payer = agent("Disputing payer");
        JsonNode payee = agent("Disputed payee");
        String wallet = fundedWallet(payer, "100");
        JsonNode payment = pay(payer, "{\"from_wallet_id\": \"" + wallet + "\", \"to_wallet_id\": \"" + payee.get("wallet_id").asText()
                + "\", \"amount\": \"6.00\"}");
        var opened = api.call("POST", "/v1/disputes", ownerKey, "{\"payment_id\": \"" + payment.get("id").asText()
                + "\", \"reason\": \"service_not_delivered\", \"description\": \"Never arrived\"}");
        assertEquals(201, opened.status(), String.valueOf(opened.body()));
        String disputeId = opened.body().get("id").asText();
        String xss = "<img src=x onerror=\"window.__xss=12\"><b id=injected-evidence>b</b>";
        assertEquals(201, api.call("POST", "/v1/disputes/" + disputeId + "/evidence", ownerKey,
                "{\"type\": \"log_excerpt\", \"content\": " + ConsoleHttp.quote("GET /delivery 404 " + xss) + "}").status());

        signIn(local.operatorKey());
        waitFor(By.id("disputes-title"));
        assertEquals("operator", driver.executeScript("return sessionStorage.getItem('purser.role')"));
        waitFor(By.cssSelector("tr[data-dispute-id='" + disputeId + "'] button")).click();
        waitForText(By.cssSelector("#dispute-detail .timeline"), "GET /delivery 404 " + xss);
        assertTrue(driver.findElements(By.cssSelector("main img, #injected-evidence")).isEmpty(), "markup from evidence was injected");
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));
        waitFor(By.cssSelector("#dispute-detail button[data-action=review]")).click();
        waitFor(By.cssSelector("#dispute-detail button[data-action=resolve-refunded]")).click();
        waitFor(By.id("confirm-ok")).click();
        browser.waiting().until(d -> d.findElement(By.cssSelector("#dispute-detail .badge")).getText().toLowerCase().contains("resolved refunded"));
        assertEquals("resolved_refunded", api.call("GET", "/v1/disputes/" + disputeId, ownerKey, null).body().get("status").asText());
        assertEquals("refunded", api.call("GET", "/v1/payments/" + payment.get("id").asText(), ownerKey, null).body().get("status").asText());

        // Block an account by id, then unblock it (the demo account: other tests use it).
        String account = local.demo().accountId();
        driver.findElement(By.name("accounts_id")).sendKeys(account);
        driver.findElement(By.id("accounts-block")).click();
        waitFor(By.id("confirm-ok")).click();
        try {
            waitForText(By.id("accounts-result"), account + ": blocked");
            assertEquals(403, api.ask(payer.get("token").asText(), "{\"amount\": 1, \"category\": \"groceries\"}").status());
        } finally {
            driver.findElement(By.id("accounts-unblock")).click();
            waitForText(By.id("accounts-result"), account + ": not blocked");
        }
        assertEquals(201, api.ask(payer.get("token").asText(), "{\"amount\": 1, \"category\": \"groceries\"}").status());
        browser.viewport(390, 844);
        try {
            open("/operator");
            waitFor(By.cssSelector("tr[data-dispute-id='" + disputeId + "']"));
            noHorizontalScroll("/operator at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void settingsCreateAndRevokeAKeyChangeTheTimeZoneAndAddACategory() {
        signedIn();
        open("/settings");
        String keyName = "<img src=x onerror=\"window.__xss=13\">ops";
        waitFor(By.name("key_name")).sendKeys(keyName);
        driver.findElement(By.xpath("//button[text()='Create key']")).click();
        String secret = waitFor(By.cssSelector(".reveal-slot code[data-secret]")).getText();
        assertEquals(200, api.call("GET", "/v1/account", secret, null).status(), "the new key opens the account");
        WebElement row = waitFor(By.xpath("//tr[td[@class='key-name' and text()=" + xpathLiteral(keyName) + "]]"));
        assertEquals(keyName, row.findElement(By.cssSelector(".key-name")).getText(), "positive control: the name is shown as text");
        row.findElement(By.cssSelector("button.danger")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Key revoked");
        assertEquals(401, api.call("GET", "/v1/account", secret, null).status());
        assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty(), "markup from a key name was injected");
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));

        WebElement tz = driver.findElement(By.name("timezone"));
        String before = api.call("GET", "/v1/account", ownerKey, null).body().get("timezone").asText();
        tz.clear();
        tz.sendKeys("Mars/Olympus");
        driver.findElement(By.cssSelector("#account-form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(By.name("timezone"), "aria-invalid", "true"));
        assertEquals(before, api.call("GET", "/v1/account", ownerKey, null).body().get("timezone").asText());
        tz = driver.findElement(By.name("timezone"));
        tz.clear();
        tz.sendKeys(before);
        driver.findElement(By.cssSelector("#account-form button[type=submit]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Account saved");

        driver.findElement(By.name("category_name")).sendKeys("robotics_parts");
        driver.findElement(By.xpath("//button[text()='Add category']")).click();
        waitFor(By.cssSelector("tr[data-category='robotics_parts']"));
        assertTrue(api.call("GET", "/v1/account/categories", ownerKey, null).body().toString().contains("robotics_parts"));
        browser.viewport(390, 844);
        try {
            open("/settings");
            waitFor(By.cssSelector("tr[data-category='robotics_parts']"));
            noHorizontalScroll("/settings at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    static String xpathLiteral(String s) {
        return s.contains("'") ? "concat('" + s.replace("'", "', \"'\", '") + "')" : "'" + s + "'";
    }

    @Test
    void theLeasesPageShowsTheTreeReleasesALeaseAndAReservation() {
        JsonNode parent = agent("Tree parent");
        JsonNode child = agent("Tree child");
        JsonNode grandchild = agent("Tree grandchild");
        var lease = api.call("POST", "/v1/spend-guard/budget-leases", ownerKey, "{\"parent_agent\": \"" + parent.get("agent_id").asText()
                + "\", \"child_agent\": \"" + child.get("agent_id").asText() + "\", \"amount\": \"300\"}");
        assertEquals(201, lease.status(), String.valueOf(lease.body()));
        var nested = api.call("POST", "/v1/spend-guard/budget-leases", ownerKey, "{\"parent_agent\": \"" + child.get("agent_id").asText()
                + "\", \"child_agent\": \"" + grandchild.get("agent_id").asText() + "\", \"amount\": \"50\"}");
        assertEquals(201, nested.status(), String.valueOf(nested.body()));
        String merchant = "<svg onload=\"window.__xss=14\"></svg>Cloud GPUs";
        var reservation = api.call("POST", "/v1/spend-guard/reservations", ownerKey, "{\"agent\": \"" + parent.get("agent_id").asText()
                + "\", \"amount\": \"7.50\", \"merchant\": " + ConsoleHttp.quote(merchant) + "}");
        assertEquals(201, reservation.status(), String.valueOf(reservation.body()));
        String leaseId = lease.body().get("lease_id").asText();
        String nestedId = nested.body().get("lease_id").asText();
        String reservationId = reservation.body().get("reservation_id").asText();

        signedIn();
        open("/leases");
        WebElement outer = waitFor(By.cssSelector("li[data-lease-id='" + leaseId + "']"));
        assertFalse(outer.findElements(By.cssSelector("li[data-lease-id='" + nestedId + "']")).isEmpty(), "the nested lease sits under its parent");
        assertEquals("250.00 USD", outer.findElement(By.cssSelector(":scope > .facts [data-field=remaining]")).getText());
        WebElement rsv = waitFor(By.cssSelector("tr[data-reservation-id='" + reservationId + "']"));
        assertEquals(merchant, rsv.findElement(By.cssSelector(".merchant-cell")).getText(), "positive control: the merchant is text");
        assertTrue(driver.findElements(By.cssSelector("main svg[onload]")).isEmpty());
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));

        rsv.findElement(By.cssSelector("button")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Reservation released");
        assertEquals("released", api.call("GET", "/v1/spend-guard/reservations/" + reservationId, ownerKey, null).body().get("status").asText());

        driver.findElement(By.cssSelector("button[aria-label='Release lease " + nestedId + "']")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Lease released");
        assertEquals("released", api.call("GET", "/v1/spend-guard/budget-leases/" + nestedId, ownerKey, null).body().get("status").asText());
        browser.waiting().until(d -> d.findElements(By.cssSelector("li[data-lease-id='" + nestedId + "']")).isEmpty());
        assertEquals("300.00 USD", text(By.cssSelector("li[data-lease-id='" + leaseId + "'] > .facts [data-field=remaining]")));
        browser.viewport(390, 844);
        try {
            open("/leases");
            waitFor(By.cssSelector("li[data-lease-id='" + leaseId + "']"));
            noHorizontalScroll("/leases at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void theSpendingPageSearchesTheWholeHistoryOnTheServerAndChartsDailySpend() {
        JsonNode agent = agent("Daily chart agent");
        String token = agent.get("token").asText();
        assertEquals(201, api.ask(token, "{\"amount\": 4.25, \"category\": \"groceries\", \"merchant_name\": \"Zeta Unique Bakery\"}").status());
        String big = pending(agent, ", \"merchant_name\": \"Zeta Unique Bakery\"");
        assertEquals(201, api.ask(token, "{\"amount\": 3, \"category\": \"groceries\", \"merchant_name\": \"Other Shop\"}").status());
        signedIn();
        open("/spending");
        WebElement merchant = waitFor(By.name("merchant_filter"));
        merchant.sendKeys("zeta unique");
        driver.findElement(By.name("min_filter")).sendKeys("50");
        driver.findElement(By.cssSelector("#history-search button[type=submit]")).click();
        browser.waiting().ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> rows = d.findElements(By.xpath("//tbody/tr[td[@data-field='approval']]"));
            return rows.size() == 1 && rows.get(0).getText().contains("120.00 USD") && rows.get(0).getText().contains("Zeta Unique Bakery");
        });
        assertEquals("pending", api.call("GET", "/v1/requests/" + big, ownerKey, null).body().get("status").asText());
        // A bad range is the server's 422, shown on its field.
        driver.findElement(By.name("from_filter")).sendKeys("03/10/2026");
        driver.findElement(By.name("to_filter")).sendKeys("03/01/2026");
        driver.findElement(By.cssSelector("#history-search button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.attributeToBe(By.name("to_filter"), "aria-invalid", "true"));

        // Daily spend: the agent spent 4.25 and 3.00 today (the pending 120 is not spend).
        String tz = api.call("GET", "/v1/account", ownerKey, null).body().get("timezone").asText();
        String today = java.time.LocalDate.now(java.time.ZoneId.of(tz)).toString();
        Select who = new Select(waitFor(By.name("daily_agent")));
        who.selectByVisibleText("Daily chart agent");
        waitForText(By.cssSelector("#over-time [data-field=daily-summary]"), "7.25 USD over 30 days; busiest day " + today + ": 7.25 USD");
        assertFalse(text(By.id("over-time")).contains("null"), text(By.id("over-time")));
        new Select(driver.findElement(By.name("daily_days"))).selectByValue("90");
        waitForText(By.cssSelector("#over-time [data-field=daily-summary]"), "7.25 USD over 90 days");
        assertEquals(1, driver.findElements(By.cssSelector("#over-time rect.spent")).size());
        browser.viewport(390, 844);
        try {
            open("/spending");
            waitFor(By.cssSelector("#over-time [data-field=daily-summary]"));
            noHorizontalScroll("/spending at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void theDisputesPageOpensADisputeAddsEvidenceAndWithdrawsIt() {
        JsonNode payer = agent("Owner dispute payer");
        JsonNode payee = agent("Owner dispute payee");
        String wallet = fundedWallet(payer, "50");
        JsonNode payment = pay(payer, "{\"from_wallet_id\": \"" + wallet + "\", \"to_wallet_id\": \"" + payee.get("wallet_id").asText()
                + "\", \"amount\": \"4.00\"}");
        String paymentId = payment.get("id").asText();
        signedIn();
        open("/disputes");
        waitFor(By.name("dispute_payment")).sendKeys(paymentId);
        new Select(driver.findElement(By.name("dispute_reason"))).selectByValue("duplicate_charge");
        driver.findElement(By.name("dispute_description")).sendKeys("Charged twice for one call");
        driver.findElement(By.cssSelector("#open-dispute button[type=submit]")).click();
        waitForText(By.cssSelector("[role=status].notice"), "opened");
        String content = "<script>window.__xss=15</script><b id=injected-dispute>x</b> call log 2026-12-01";
        waitFor(By.name("evidence_content")).sendKeys(content);
        driver.findElement(By.cssSelector("#evidence-form button[type=submit]")).click();
        waitForText(By.cssSelector("#owner-dispute .timeline"), content);
        assertTrue(driver.findElements(By.cssSelector("#injected-dispute, main script")).isEmpty(), "markup from evidence was injected");
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));
        String disputeId = driver.findElement(By.id("owner-dispute-title")).getText().replace("Dispute ", "");
        JsonNode stored = api.call("GET", "/v1/disputes/" + disputeId, ownerKey, null).body();
        assertEquals(paymentId, stored.get("payment_id").asText());
        assertEquals(1, stored.get("evidence").size());

        driver.findElement(By.id("withdraw-dispute")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Dispute withdrawn");
        assertEquals("withdrawn", api.call("GET", "/v1/disputes/" + disputeId, ownerKey, null).body().get("status").asText());
        browser.viewport(390, 844);
        try {
            open("/disputes");
            waitFor(By.cssSelector("tr[data-dispute-id='" + disputeId + "']"));
            noHorizontalScroll("/disputes at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }

    @Test
    void theMandatesPageShowsUseAndRevokesAndListsPayouts() {
        JsonNode agent = agent("Mandate agent");
        String description = "<img src=x onerror=\"window.__xss=16\">Cloud credits";
        var created = api.call("POST", "/v1/mandates", ownerKey, "{\"agent\": \"" + agent.get("agent_id").asText()
                + "\", \"actions\": [\"payment\"], \"per_use_limit\": 25, \"total_limit\": 100, \"description\": "
                + ConsoleHttp.quote(description) + "}");
        assertEquals(201, created.status(), String.valueOf(created.body()));
        String mandateId = created.body().get("mandate_id").asText();
        String wallet = fundedWallet(agent, "60");
        var payout = api.call("POST", "/v1/payouts", agent.get("token").asText(), "{\"from_wallet_id\": \"" + wallet
                + "\", \"amount\": \"10\", \"destination_type\": \"bank\", \"destination\": {\"routing_number\": \"110000000\","
                + " \"account_number\": \"000123456789\", \"account_type\": \"checking\", \"account_holder\": \"Acme\"}}");
        assertEquals(201, payout.status(), String.valueOf(payout.body()));
        // A payout to a destination the owner has not approved waits in the queue, and its card says why first.
        assertEquals("pending_approval", payout.body().get("status").asText());
        String payoutId = payout.body().get("id").asText();
        signedIn();
        open("/queue");
        waitForText(By.cssSelector("li[data-request-id='" + payoutId + "'] .held-why"), "new payout destination");
        open("/mandates");
        WebElement row = waitFor(By.cssSelector("tr[data-mandate-id='" + mandateId + "']"));
        assertEquals(description, row.findElement(By.cssSelector(".description-cell")).getText(), "positive control: shown as text");
        assertTrue(row.findElement(By.cssSelector("[data-field=used]")).getText().contains("0.00 / 100.00"), row.getText());
        WebElement payoutRow = waitFor(By.cssSelector("tr[data-payout-id='" + payoutId + "']"));
        assertTrue(payoutRow.getText().contains("10.00 USD") && payoutRow.getText().contains("6789"), payoutRow.getText());
        assertFalse(payoutRow.getText().contains("000123456789"), "the full account number is never shown");
        assertTrue(driver.findElements(By.cssSelector("main img")).isEmpty());
        assertEquals(null, driver.executeScript("return window.__xss === undefined ? null : window.__xss"));

        row.findElement(By.cssSelector("button")).click();
        waitFor(By.id("revoke-mandate")).click();
        waitFor(By.id("confirm-ok")).click();
        waitForText(By.cssSelector("[role=status].notice"), "Mandate revoked");
        JsonNode after = api.call("GET", "/v1/mandates/" + mandateId, ownerKey, null).body();
        assertEquals("revoked", after.get("status").asText());
        assertEquals(2, after.get("version").asInt());
        assertEquals(description, after.get("description").asText(), "revoking keeps the terms");
        browser.viewport(390, 844);
        try {
            open("/mandates");
            waitFor(By.cssSelector("tr[data-mandate-id='" + mandateId + "']"));
            noHorizontalScroll("/mandates at 390");
        } finally {
            browser.viewport(1280, 900);
        }
    }
}
