package dev.purser.infra;

import dev.purser.http.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.HttpOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.Asset;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The owner console on AWS: its static files in a private S3 bucket, read by CloudFront through
 * Origin Access Control, and the HTTP API behind the same distribution (its path prefixes go to
 * the API, uncached, every method and header forwarded), so the console calls the API on its own
 * origin: no CORS, one URL. Every answer carries the security headers (strict CSP, HSTS, …).
 */
public final class ConsoleDistribution extends Construct {
    /** Where the console's files live in the repository (plain ES modules: no build step). */
    static final String ASSETS = "console/src/main/console";

    /** The same policy the local runtime sends: no inline script or style, the API on 'self'. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /** Access logs are kept this long, then expire. */
    static final Duration ACCESS_LOG_RETENTION = Duration.days(90);
    static final String BUCKET_LOG_PREFIX = "s3/";
    static final String DISTRIBUTION_LOG_PREFIX = "cloudfront/";

    private final Bucket bucket;
    private final Bucket logs;
    private final Distribution distribution;

    public ConsoleDistribution(Construct scope, String id, HttpApi api, Path assets) {
        super(scope, id);
        Stack stack = Stack.of(this);

        logs = accessLogBucket();
        bucket = Bucket.Builder.create(this, "Assets")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .versioned(false)
                .serverAccessLogsBucket(logs)
                .serverAccessLogsPrefix(BUCKET_LOG_PREFIX)
                // Only build output lives here; a redeploy recreates it.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();

        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("Purser console: strict CSP, HSTS, nosniff, no framing, no referrer")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(CONTENT_SECURITY_POLICY).override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(730)).includeSubdomains(true).override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY).override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
                        .build())
                .build();

        // API Gateway routes by its own Host, so every viewer header except Host is forwarded;
        // with caching disabled the managed policy forwards Authorization too (owner and agent keys).
        HttpOrigin apiOrigin = HttpOrigin.Builder.create(api.getApiId() + ".execute-api." + stack.getRegion() + "."
                        + stack.getUrlSuffix())
                .protocolPolicy(OriginProtocolPolicy.HTTPS_ONLY)
                .build();
        BehaviorOptions toApi = BehaviorOptions.builder()
                .origin(apiOrigin)
                .allowedMethods(AllowedMethods.ALLOW_ALL)
                .cachePolicy(CachePolicy.CACHING_DISABLED)
                .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
                .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
                .responseHeadersPolicy(headers)
                .build();
        Map<String, BehaviorOptions> apiBehaviors = new java.util.LinkedHashMap<>();
        for (String pattern : apiPathPatterns()) apiBehaviors.put(pattern, toApi);

        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Purser owner console and API")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .allowedMethods(AllowedMethods.ALLOW_GET_HEAD)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .additionalBehaviors(apiBehaviors)
                // Standard logs: no cookies (the console keeps its owner key out of cookies anyway).
                .enableLogging(true)
                .logBucket(logs)
                .logFilePrefix(DISTRIBUTION_LOG_PREFIX)
                .logIncludesCookies(false)
                .build();

        Nag.suppress(distribution, "AwsSolutions-CFR1", "agents and owners call from anywhere; no geography is known to be unwanted");
        Nag.suppress(distribution, "AwsSolutions-CFR2", "stage throttling and the functions' limits (docs/limits.md) refuse floods; "
                + "a WAF web ACL is an operator's opt-in (monthly cost)");
        Nag.suppress(distribution, "AwsSolutions-CFR4", "the default *.cloudfront.net certificate cannot pin a TLS minimum; "
                + "a custom domain's certificate sets TLSv1.2_2021 (docs/deploy.md)");
        deploy(assets);

        CfnOutput.Builder.create(stack, "ConsoleUrl")
                .value("https://" + distribution.getDistributionDomainName())
                .description("Owner console (sign in with an owner key); the API is on the same origin")
                .build();
    }

    /**
     * Access logs of the console bucket (S3 server access logs) and of the distribution
     * (CloudFront standard logs). CloudFront writes its logs with the bucket ACL
     * (awslogsdelivery), hence ObjectOwnership BUCKET_OWNER_PREFERRED rather than ENFORCED; public
     * access stays blocked. Retained on stack deletion: logs are evidence.
     */
    private Bucket accessLogBucket() {
        Bucket bucket = Bucket.Builder.create(this, "AccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_PREFERRED)
                .lifecycleRules(List.of(LifecycleRule.builder().expiration(ACCESS_LOG_RETENTION).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(bucket, "AwsSolutions-S1", "the access-log bucket itself: logging it would log its own log writes");
        return bucket;
    }

    /**
     * Uploads the console's files and invalidates the distribution. CDK's deployment function
     * gets a role of ours with exact grants (CDK's own grants would be wildcard actions and a
     * managed policy, which this stack allows nowhere): the role is handed over without policy
     * updates, so only the statements below exist.
     */
    private void deploy(Path assets) {
        Stack stack = Stack.of(this);
        Asset files = Asset.Builder.create(this, "Files").path(assets.toString()).build();
        LogGroup logs = LogGroup.Builder.create(this, "DeploymentLogs")
                .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
        Role role = Role.Builder.create(this, "DeploymentRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Copies the console's files into its bucket and invalidates the distribution")
                .build();
        role.addToPolicy(allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logs.getLogGroupArn())));
        role.addToPolicy(allow(List.of("s3:GetObject"), List.of(files.getBucket().arnForObjects(files.getS3ObjectKey()))));
        role.addToPolicy(allow(List.of("s3:ListBucket"), List.of(bucket.getBucketArn())));
        role.addToPolicy(allow(List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"), List.of(bucket.arnForObjects("*"))));
        role.addToPolicy(allow(List.of("cloudfront:CreateInvalidation", "cloudfront:GetInvalidation"),
                List.of("arn:" + stack.getPartition() + ":cloudfront::" + stack.getAccount() + ":distribution/"
                        + distribution.getDistributionId())));
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(Source.bucket(files.getBucket(), files.getS3ObjectKey())))
                .destinationBucket(bucket)
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .prune(true)
                .role(role.withoutPolicyUpdates())
                .logGroup(logs)
                .memoryLimit(256)
                .build();
        Nag.suppress(role, "AwsSolutions-IAM5", "the deployment copies and prunes every object of the console bucket",
                RegexAppliesTo.builder().regex("/^Resource::<ConsoleAssets[0-9A-F]+\\.Arn>\\/\\*$/g").build());
        // CDK's singleton deployment function (one per stack, outside this construct): its runtime and settings are CDK's.
        stack.getNode().getChildren().stream()
                .filter(c -> c.getNode().getId().startsWith("Custom::CDKBucketDeployment"))
                .forEach(c -> {
                    Nag.suppress(c, "AwsSolutions-L1", "CDK's BucketDeployment handler: CDK picks and upgrades its runtime");
                    Nag.suppress(c, "Serverless-LambdaLatestVersion", "CDK's BucketDeployment handler: CDK picks its runtime");
                    Nag.suppress(c, "Serverless-LambdaTracing", "CDK's BucketDeployment handler: runs once per deployment");
                    Nag.suppress(c, "Serverless-LambdaDLQ", "a CloudFormation custom resource: a failure fails the deployment");
                });
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().actions(actions).resources(resources).build();
    }

    /**
     * CloudFront path patterns that go to the API, derived from the routing table: the first
     * segment of every route ({@code /api/*}, {@code /v1/*}) or the route itself when it has one
     * segment ({@code /health}). A new top-level route therefore reaches the API with no edit here.
     */
    public static Set<String> apiPathPatterns() {
        Set<String> patterns = new LinkedHashSet<>();
        for (Route route : Route.values()) {
            String[] segments = route.path().substring(1).split("/");
            patterns.add(segments.length == 1 ? route.path() : "/" + segments[0] + "/*");
        }
        return patterns;
    }

    /** The console's files, found from the working directory (the CDK CLI and Surefire differ). */
    public static Path assetsDirectory() {
        Path dir = FunctionsJar.repositoryRoot(Path.of("")).resolve(ASSETS);
        if (!Files.isRegularFile(dir.resolve("index.html"))) {
            throw new IllegalStateException("Console files not found in " + dir);
        }
        return dir;
    }

    public Bucket bucket() { return bucket; }

    /** Where the bucket's and the distribution's access logs go. */
    public Bucket accessLogs() { return logs; }

    public Distribution distribution() { return distribution; }
}
