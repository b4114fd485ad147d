package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purser.http.Route;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The console on AWS: private encrypted bucket behind CloudFront (OAC), the API on the same origin. */
class ConsoleTemplateTest {
    /** AWS managed policies, by their fixed ids. */
    static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
    static final String ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

    static Map<String, Object> distributionConfig() {
        var distributions = resources("AWS::CloudFront::Distribution");
        assertEquals(1, distributions.size());
        return map(properties(distributions.values().iterator().next()).get("DistributionConfig"));
    }

    static String bucketId() {
        return logicalId(stack().console().bucket());
    }

    @Test
    void theBucketIsPrivateEncryptedAndOnlyTlsReachable() {
        Map<String, Object> bucket = properties(resources("AWS::S3::Bucket").get(bucketId()));
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));
        Map<String, Object> sse = map(list(map(bucket.get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0));
        assertEquals("AES256", map(sse.get("ServerSideEncryptionByDefault")).get("SSEAlgorithm"));
        assertNull(bucket.get("WebsiteConfiguration"), "no public website endpoint");
        String policies = resources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> properties(p).get("Bucket").equals(ref(bucketId()))).findFirst().orElseThrow().toString();
        assertTrue(policies.contains("aws:SecureTransport"), "TLS is enforced: " + policies);
    }

    @Test
    void cloudFrontReadsTheBucketThroughOriginAccessControlOnly() {
        var oacs = resources("AWS::CloudFront::OriginAccessControl");
        assertEquals(1, oacs.size());
        Map<String, Object> oac = map(properties(oacs.values().iterator().next()).get("OriginAccessControlConfig"));
        assertEquals("s3", oac.get("OriginAccessControlOriginType"));
        assertEquals("always", oac.get("SigningBehavior"));
        assertEquals("sigv4", oac.get("SigningProtocol"));

        Map<String, Object> s3Origin = origins().stream()
                .filter(o -> o.get("S3OriginConfig") != null).findFirst().orElseThrow();
        assertEquals(Map.of("Fn::GetAtt", List.of(oacs.keySet().iterator().next(), "Id")), s3Origin.get("OriginAccessControlId"));
        assertEquals(Map.of("Fn::GetAtt", List.of(bucketId(), "RegionalDomainName")), s3Origin.get("DomainName"));
        assertEquals("", map(s3Origin.get("S3OriginConfig")).get("OriginAccessIdentity"), "no legacy OAI");
        assertTrue(resources("AWS::CloudFront::CloudFrontOriginAccessIdentity").isEmpty());

        // The bucket policy lets only this distribution read objects.
        String policy = resources("AWS::S3::BucketPolicy").values().stream()
                .filter(p -> properties(p).get("Bucket").equals(ref(bucketId()))).findFirst().orElseThrow().toString();
        assertTrue(policy.contains("cloudfront.amazonaws.com") && policy.contains("AWS:SourceArn"), policy);
    }

    @Test
    void theDefaultBehaviourServesTheConsoleFromS3OverHttps() {
        Map<String, Object> config = distributionConfig();
        assertEquals("index.html", config.get("DefaultRootObject"));
        Map<String, Object> def = map(config.get("DefaultCacheBehavior"));
        String s3OriginId = (String) origins().stream().filter(o -> o.get("S3OriginConfig") != null).findFirst().orElseThrow().get("Id");
        assertEquals(s3OriginId, def.get("TargetOriginId"));
        assertEquals("redirect-to-https", def.get("ViewerProtocolPolicy"));
        assertEquals(List.of("GET", "HEAD"), def.get("AllowedMethods"));
        assertEquals(headersPolicyRef(), def.get("ResponseHeadersPolicyId"));
    }

    @Test
    void everyApiPathGoesToTheHttpApiUncachedWithEveryMethodAndHeader() {
        Map<String, Object> config = distributionConfig();
        Map<String, Object> apiOrigin = origins().stream().filter(o -> o.get("CustomOriginConfig") != null).findFirst().orElseThrow();
        assertEquals("https-only", map(apiOrigin.get("CustomOriginConfig")).get("OriginProtocolPolicy"));
        String domain = apiOrigin.get("DomainName").toString();
        assertTrue(domain.contains(resources("AWS::ApiGatewayV2::Api").keySet().iterator().next()) && domain.contains("execute-api"),
                domain);

        Set<String> patterns = new HashSet<>();
        for (Object b : list(config.get("CacheBehaviors"))) {
            Map<String, Object> behavior = map(b);
            patterns.add((String) behavior.get("PathPattern"));
            assertEquals(apiOrigin.get("Id"), behavior.get("TargetOriginId"), behavior.toString());
            assertEquals(CACHING_DISABLED, behavior.get("CachePolicyId"));
            // Every viewer header but Host; with caching disabled that includes Authorization.
            assertEquals(ALL_VIEWER_EXCEPT_HOST_HEADER, behavior.get("OriginRequestPolicyId"));
            assertEquals(Set.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"),
                    new HashSet<>(list(behavior.get("AllowedMethods"))));
            assertEquals("https-only", behavior.get("ViewerProtocolPolicy"));
            assertEquals(headersPolicyRef(), behavior.get("ResponseHeadersPolicyId"));
        }
        assertEquals(Set.of("/api/*", "/v1/*", "/health", "/openapi.json", "/openapi/*", "/ai/*", "/.well-known/*", "/mcp"), patterns);
        // Every route of the routing table is covered by one of them.
        for (Route route : Route.values()) {
            assertTrue(patterns.stream().anyMatch(p -> p.endsWith("/*") ? route.path().startsWith(p.substring(0, p.length() - 1))
                    : route.path().equals(p)), route.routeKey());
        }
    }

    @Test
    void theSecurityHeadersAreSetOnEveryAnswer() {
        var policies = resources("AWS::CloudFront::ResponseHeadersPolicy");
        assertEquals(1, policies.size());
        Map<String, Object> security = map(map(properties(policies.values().iterator().next())
                .get("ResponseHeadersPolicyConfig")).get("SecurityHeadersConfig"));
        Map<String, Object> csp = map(security.get("ContentSecurityPolicy"));
        String policy = (String) csp.get("ContentSecurityPolicy");
        assertTrue(policy.startsWith("default-src 'self';"), policy);
        assertTrue(policy.contains("script-src 'self';") && policy.contains("style-src 'self';"), policy);
        assertTrue(policy.contains("frame-ancestors 'none'") && policy.contains("object-src 'none'"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
        assertEquals(true, csp.get("Override"));
        Map<String, Object> hsts = map(security.get("StrictTransportSecurity"));
        assertTrue(((Number) hsts.get("AccessControlMaxAgeSec")).longValue() >= 31_536_000L, hsts.toString());
        assertEquals(true, hsts.get("IncludeSubdomains"));
        assertEquals(true, map(security.get("ContentTypeOptions")).get("Override"));
        assertEquals("DENY", map(security.get("FrameOptions")).get("FrameOption"));
        assertEquals("no-referrer", map(security.get("ReferrerPolicy")).get("ReferrerPolicy"));
    }

    @Test
    void theConsoleFilesAreDeployedAndTheUrlIsAnOutput() {
        var deployments = resources("Custom::CDKBucketDeployment");
        assertEquals(1, deployments.size());
        Map<String, Object> deployment = properties(deployments.values().iterator().next());
        assertEquals(List.of(ref(bucketId())), List.of(deployment.get("DestinationBucketName")));
        assertEquals(List.of("/*"), deployment.get("DistributionPaths"));
        assertEquals("true", String.valueOf(deployment.get("Prune")));
        Map<String, Object> output = map(outputs().get("ConsoleUrl"));
        assertNotNull(output);
        assertTrue(output.get("Value").toString().contains("DomainName"), output.toString());
    }

    private static List<Map<String, Object>> origins() {
        return list(distributionConfig().get("Origins")).stream().map(SynthesizedStack::map).toList();
    }

    private static Map<String, Object> headersPolicyRef() {
        return ref(resources("AWS::CloudFront::ResponseHeadersPolicy").keySet().iterator().next());
    }
}
