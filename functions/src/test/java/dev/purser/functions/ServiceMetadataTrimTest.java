package dev.purser.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.DefaultServiceMetadata;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.DynamodbServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.EventsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.SqsServiceMetadata;
import software.amazon.awssdk.regions.servicemetadata.StreamsDynamodbServiceMetadata;

/**
 * The deployment jar carries Purser's own, trimmed {@code GeneratedServiceMetadataProvider}
 * (functions/pom.xml drops the SDK's and the metadata of services Purser never calls): the services
 * the functions use keep their generated metadata, any other falls back as the SDK does.
 */
class ServiceMetadataTrimTest {
    @Test
    void theFunctionsServicesKeepTheirGeneratedMetadata() {
        String from = GeneratedServiceMetadataProvider.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(from.endsWith("functions/target/classes/"), "Purser's provider comes first, not the SDK's: " + from);
        assertInstanceOf(DynamodbServiceMetadata.class, ServiceMetadata.of("dynamodb"));
        assertInstanceOf(StreamsDynamodbServiceMetadata.class, ServiceMetadata.of("streams.dynamodb"));
        assertInstanceOf(SqsServiceMetadata.class, ServiceMetadata.of("sqs"));
        assertInstanceOf(EventsServiceMetadata.class, ServiceMetadata.of("events"));
        assertEquals("dynamodb.eu-west-1.amazonaws.com", ServiceMetadata.of("dynamodb").endpointFor(Region.EU_WEST_1).toString());
    }

    @Test
    void otherServicesFallBackToTheSdksDefault() {
        assertNull(new GeneratedServiceMetadataProvider().serviceMetadata("s3"));
        assertInstanceOf(DefaultServiceMetadata.class, ServiceMetadata.of("s3"));
    }
}
