package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fixes cdk-nag asked for: API access logs, TLS-only alarm topic, console bucket and distribution logs. */
class AccessLogsTemplateTest {

    @Test
    void theStageWritesOneJsonLinePerRequestWithoutHeaders() throws Exception {
        Map<String, Object> stage = properties(resources("AWS::ApiGatewayV2::Stage").values().iterator().next());
        Map<String, Object> settings = map(stage.get("AccessLogSettings"));
        String logGroupId = (String) list(map(settings.get("DestinationArn")).get("Fn::GetAtt")).get(0);
        assertEquals(30, ((Number) properties(resources("AWS::Logs::LogGroup").get(logGroupId)).get("RetentionInDays")).intValue());
        String format = (String) settings.get("Format");
        JsonNode line = new ObjectMapper().readTree(format);
        assertEquals("$context.requestId", line.get("requestId").asText());
        assertEquals("$context.routeKey", line.get("routeKey").asText());
        assertEquals("$context.status", line.get("status").asText());
        assertEquals("$context.responseLatency", line.get("responseLatency").asText());
        String lower = format.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("authorization") || lower.contains("header") || lower.contains("authorizer"), format);
        // Nor the path: /v1/actions/{token} carries a signed action-link token; the route key has no values.
        assertFalse(format.contains("$context.path"), format);
    }

    @Test
    void theAlarmTopicRefusesPublishingWithoutTls() {
        String policies = resources("AWS::SNS::TopicPolicy").toString();
        assertTrue(policies.contains("aws:SecureTransport=false") || policies.contains("aws:SecureTransport"), policies);
        assertTrue(policies.contains("Deny"), policies);
    }

    @Test
    void theConsoleBucketAndDistributionWriteAccessLogs() {
        String logsId = logicalId(stack().console().accessLogs());
        Map<String, Object> assets = properties(resources("AWS::S3::Bucket").get(logicalId(stack().console().bucket())));
        assertEquals(ref(logsId), map(assets.get("LoggingConfiguration")).get("DestinationBucketName"));
        Map<String, Object> distribution = map(properties(resources("AWS::CloudFront::Distribution").values().iterator().next())
                .get("DistributionConfig"));
        Map<String, Object> logging = map(distribution.get("Logging"));
        assertEquals(Map.of("Fn::GetAtt", List.of(logsId, "RegionalDomainName")), logging.get("Bucket"));
        assertEquals(false, logging.get("IncludeCookies"));
        Map<String, Object> logs = properties(resources("AWS::S3::Bucket").get(logsId));
        assertTrue(logs.get("PublicAccessBlockConfiguration").toString().contains("BlockPublicAcls=true"));
        assertTrue(logs.toString().contains("ExpirationInDays=90"), logs.toString());
    }
}
