package dev.purser.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Not a test: the tool that makes docs/console/*.png. It sets a realistic scene through the
 * public APIs and photographs every page at desktop (1280) and phone (390) width:
 *
 * <pre>mvn -B -o -pl local -am test -Dtest=ConsoleScreenshots -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dpurser.screenshots=$PWD/docs/console</pre>
 */
@EnabledIfSystemProperty(named = "purser.screenshots", matches = ".+")
class ConsoleScreenshots {
    static final int MAX_HEIGHT = 2400;

    @Test
    void photographEveryPage() throws Exception {
        Path out = Path.of(System.getProperty("purser.screenshots"));
        Files.createDirectories(out);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        try (PurserLocal local = PurserLocal.startInMemoryWithLoopbackWebhooks(); HeadlessChromium browser = new HeadlessChromium()) {
            ConsoleHttp api = new ConsoleHttp(local.baseUrl());
            String key = local.demo().ownerKey();
            JsonNode shopper = api.register(key, "Shopping assistant",
                    "{\"per_request_limit\": 300, \"daily_limit\": 400, \"weekly_limit\": 900, \"monthly_limit\": 2500,"
                            + " \"blocked_categories\": [\"gambling\"], \"auto_approve\": {\"enabled\": true, \"max_amount\": 40}}");
            JsonNode travel = api.register(key, "Travel planner",
                    "{\"per_request_limit\": 800, \"daily_limit\": 1000, \"auto_approve\": {\"enabled\": true, \"max_amount\": 25}}");
            String s = shopper.get("token").asText();
            String t = travel.get("token").asText();
            api.ask(s, "{\"amount\": 32.40, \"category\": \"groceries\", \"merchant_name\": \"Green Market\"}");
            api.ask(s, "{\"amount\": 18.99, \"category\": \"software\", \"merchant_name\": \"Notes Pro\"}");
            String approved = api.ask(s, "{\"amount\": 129.00, \"category\": \"electronics\", \"merchant_name\": \"Northwind Audio\","
                    + " \"description\": \"Replacement headset for support calls\"}").body().get("request_id").asText();
            api.call("POST", "/v1/requests/" + approved + "/approve", key, "{}");
            api.ask(t, "{\"amount\": 412.50, \"category\": \"travel\", \"merchant_name\": \"Skyline Air\","
                    + " \"description\": \"Flight BER to LIS on 3 Dec for the customer workshop\","
                    + " \"agent_comment\": \"Cheapest fare with a checked bag; refundable until Friday\"}");
            api.ask(s, "{\"amount\": 86.00, \"category\": \"office\", \"merchant_name\": \"Paper & Co\","
                    + " \"description\": \"Printer toner, 2 cartridges\", \"agent_comment\": \"Stock runs out this week\"}");
            api.ask(s, "{\"amount\": 500, \"category\": \"electronics\", \"merchant_name\": \"Big Box\"}");
            api.call("POST", "/v1/account/budget-rules", key,
                    "{\"name\": \"Team daily cap\", \"limit_type\": \"daily\", \"limit_amount\": \"1500\"}");
            api.call("POST", "/v1/account/budget-rules", key,
                    "{\"name\": \"Weekdays only, monthly\", \"limit_type\": \"monthly\", \"limit_amount\": \"6000\", \"days_of_week\": [0,1,2,3,4]}");
            JsonNode hook = api.call("POST", "/v1/webhooks", key, "{\"url\": \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/purser\", \"events\": [\"request.*\", \"agent.limit_exceeded\"], \"description\": \"Ops chat bridge\"}").body();
            api.call("POST", "/v1/webhooks/" + hook.get("id").asText() + "/test", key, "{}");
            String dispute = moneyScene(api, key, shopper, travel);

            var driver = browser.driver;
            for (int width : List.of(1280, 390)) {
                String suffix = width == 1280 ? "desktop" : "phone";
                browser.viewport(width, 900);
                driver.get(local.baseUrl() + "/");
                driver.executeScript("sessionStorage.clear()");
                driver.get(local.baseUrl() + "/");
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("owner_key")));
                shoot(browser, out.resolve("signin-" + suffix + ".png"), width);
                driver.findElement(By.name("owner_key")).sendKeys(key);
                driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.request")));
                Thread.sleep(300);
                shoot(browser, out.resolve("queue-" + suffix + ".png"), width);
                page(browser, local, "/agents", "table.data tbody tr[data-agent-id]", out.resolve("agents-" + suffix + ".png"), width);
                page(browser, local, "/agents/" + shopper.get("agent_id").asText(), "figure.chart-box",
                        out.resolve("agent-" + suffix + ".png"), width);
                page(browser, local, "/spending", "table.data tbody tr td", out.resolve("spending-" + suffix + ".png"), width);
                driver.get(local.baseUrl() + "/#/webhooks");
                browser.waiting().until(ExpectedConditions.elementToBeClickable(By.xpath("//button[text()='Delivery log']"))).click();
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#log-title")));
                Thread.sleep(500);
                shoot(browser, out.resolve("webhooks-" + suffix + ".png"), width);
                page(browser, local, "/money", "table.data tbody tr[data-payment-id]", out.resolve("money-" + suffix + ".png"), width);
                page(browser, local, "/leases", "li[data-lease-id]", out.resolve("leases-" + suffix + ".png"), width);
                page(browser, local, "/settings", "tr[data-key-id]", out.resolve("settings-" + suffix + ".png"), width);
                page(browser, local, "/mandates", "tr[data-mandate-id]", out.resolve("mandates-" + suffix + ".png"), width);
                driver.get(local.baseUrl() + "/#/disputes");
                browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-dispute-id] button"))).click();
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#owner-dispute .timeline")));
                Thread.sleep(300);
                shoot(browser, out.resolve("disputes-" + suffix + ".png"), width);
                driver.get(local.baseUrl() + "/");
                driver.executeScript("sessionStorage.clear()");
                driver.get(local.baseUrl() + "/");
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.name("owner_key"))).sendKeys(local.operatorKey());
                driver.findElement(By.cssSelector("form.signin button[type=submit]")).click();
                browser.waiting().until(ExpectedConditions.elementToBeClickable(
                        By.cssSelector("tr[data-dispute-id='" + dispute + "'] button"))).click();
                browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#dispute-detail .timeline")));
                Thread.sleep(300);
                shoot(browser, out.resolve("operator-" + suffix + ".png"), width);
            }
        } finally {
            receiver.stop(0);
        }
    }

    /** Wallets, payments (one refunded in part, one waiting for approval), a lease, a reservation and a dispute. */
    private static String moneyScene(ConsoleHttp api, String key, JsonNode shopper, JsonNode travel) {
        String wallet = shopper.get("wallet_id").asText();
        api.call("POST", "/v1/wallets/" + wallet + "/fund", key, "{\"amount\": \"800\", \"source\": \"test_faucet\"}");
        String s = shopper.get("token").asText();
        JsonNode paper = api.call("POST", "/v1/payments", s, "{\"from_wallet_id\": \"" + wallet + "\", \"to_external\": \"paperandco.example\","
                + " \"amount\": \"24.90\", \"description\": \"Printer paper, 5 reams\"}").body();
        api.call("POST", "/v1/payments/" + paper.get("id").asText() + "/refund", key, "{\"amount\": \"4.98\", \"reason\": \"One ream damaged\"}");
        JsonNode lunch = api.call("POST", "/v1/payments", s, "{\"from_wallet_id\": \"" + wallet + "\", \"to_wallet_id\": \""
                + travel.get("wallet_id").asText() + "\", \"amount\": \"12.00\", \"description\": \"Team lunch share\"}").body();
        api.call("POST", "/v1/payments", s, "{\"from_wallet_id\": \"" + wallet + "\", \"to_external\": \"northwind.example\","
                + " \"amount\": \"96.00\", \"description\": \"Two headsets\"}");
        JsonNode helper = api.register(key, "Research helper", "{\"per_request_limit\": 50}");
        api.call("POST", "/v1/spend-guard/budget-leases", key, "{\"parent_agent\": \"" + travel.get("agent_id").asText()
                + "\", \"child_agent\": \"" + helper.get("agent_id").asText() + "\", \"amount\": \"150\"}");
        api.ask(helper.get("token").asText(), "{\"amount\": 18.40, \"category\": \"software\", \"merchant_name\": \"Paper search API\"}");
        api.call("POST", "/v1/spend-guard/reservations", key, "{\"agent\": \"" + travel.get("agent_id").asText()
                + "\", \"amount\": \"9.50\", \"merchant\": \"Maps API\", \"category\": \"software\"}");
        api.call("POST", "/v1/account/keys", key, "{\"name\": \"Back office\"}");
        api.call("POST", "/v1/mandates", key, "{\"agent\": \"" + shopper.get("agent_id").asText() + "\", \"actions\": [\"payment\"],"
                + " \"per_use_limit\": 100, \"total_limit\": 500, \"payees\": [\"*.example\"], \"approval_threshold\": 60,"
                + " \"description\": \"Office supplies for Q1\"}");
        api.call("POST", "/v1/payouts", s, "{\"from_wallet_id\": \"" + wallet + "\", \"amount\": \"150\", \"destination_type\": \"bank\","
                + " \"destination\": {\"routing_number\": \"110000000\", \"account_number\": \"000123456789\", \"account_type\": \"checking\","
                + " \"account_holder\": \"Acme Ltd\"}, \"description\": \"Month-end sweep\"}");
        String dispute = api.call("POST", "/v1/disputes", key, "{\"payment_id\": \"" + lunch.get("id").asText()
                + "\", \"reason\": \"incorrect_amount\", \"description\": \"Charged for three, we were two\"}").body().get("id").asText();
        api.call("POST", "/v1/disputes/" + dispute + "/evidence", key,
                "{\"type\": \"log_excerpt\", \"content\": \"Order 1182: 2 x lunch menu, 6.00 each\"}");
        return dispute;
    }

    private static void page(HeadlessChromium browser, PurserLocal local, String hash, String ready, Path file, int width)
            throws Exception {
        browser.driver.get(local.baseUrl() + "/#" + hash);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(ready)));
        Thread.sleep(500); // let the other sections of the page finish their fetches
        shoot(browser, file, width);
    }

    /** The whole page up to MAX_HEIGHT, at 1 CSS pixel per image pixel. */
    private static void shoot(HeadlessChromium browser, Path file, int width) throws Exception {
        browser.viewport(width, 900);
        long height = (Long) browser.driver.executeScript("return document.documentElement.scrollHeight");
        int h = (int) Math.min(MAX_HEIGHT, Math.max(700, height));
        browser.viewport(width, h);
        Map<String, Object> shot = browser.driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", false));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }
}
