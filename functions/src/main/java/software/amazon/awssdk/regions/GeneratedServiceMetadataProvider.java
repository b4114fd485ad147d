package software.amazon.awssdk.regions;

import java.util.Map;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.StreamsDynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.StsServiceMetadata;

/**
 * Replaces the SDK's generated provider in the deployment jar (the shade build drops the SDK's
 * copy and every other {@code servicemetadata} class). The SDK's version eagerly instantiates the
 * metadata of all ~300 AWS services at class initialisation, which costs 0.7 MB of the jar and
 * ~300 class loads on every cold start; Purser's functions talk to five services. Any other
 * endpoint prefix answers {@code null}, and {@link ServiceMetadata#of} then falls back to
 * {@code DefaultServiceMetadata}, exactly as the SDK does for a service it does not know.
 *
 * <p>Same package and name as the SDK class on purpose: {@code MetadataLoader} instantiates it by
 * name. {@code functions/pom.xml} (shade filters) and {@code ServiceMetadataTrimTest} keep the two
 * in step.
 */
public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {
    private static final Map<String, ServiceMetadata> SERVICE_METADATA = Map.of(
            "dynamodb", new DynamodbServiceMetadata(),
            "streams.dynamodb", new StreamsDynamodbServiceMetadata(),
            "sqs", new SqsServiceMetadata(),
            "events", new EventsServiceMetadata(),
            "sts", new StsServiceMetadata());

    @Override
    public ServiceMetadata serviceMetadata(String endpointPrefix) {
        return SERVICE_METADATA.get(endpointPrefix);
    }
}
