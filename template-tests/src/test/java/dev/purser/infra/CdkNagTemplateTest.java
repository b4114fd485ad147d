package dev.purser.infra;

import static dev.purser.infra.SynthesizedStack.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * cdk-nag's AwsSolutions and Serverless packs over the whole app (root and nested stacks): every
 * finding is fixed or suppressed next to its resource with a reason (docs/deploy.md, "cdk-nag");
 * a new unsuppressed finding fails here.
 */
class CdkNagTemplateTest {

    @Test
    void noUnsuppressedFindings() {
        List<String> findings = findings(stack());
        Map<String, Integer> byRule = new TreeMap<>();
        findings.forEach(f -> byRule.merge(f.replaceAll("^\\S+ ([A-Za-z]+-[A-Za-z0-9]+).*$", "$1"), 1, Integer::sum));
        byRule.forEach((rule, n) -> System.out.println("cdk-nag: " + rule + " " + n));
        findings.forEach(System.out::println);
        assertEquals(List.of(), findings, "fix each finding, or suppress it next to its resource with a reason (Nag.suppress)");
    }

    @Test
    void aPlantedFindingFailsAndItsSuppressionClearsIt() {
        // The test of the test: a queue with no DLQ and no TLS policy is reported; suppressed, it is not.
        App app = new App();
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().build());
        Stack planted = new Stack(app, "Planted");
        Queue.Builder.create(planted, "Plain").build();
        Queue suppressed = Queue.Builder.create(planted, "Suppressed").build();
        Nag.suppress(suppressed, "AwsSolutions-SQS3", "planted: suppressed on purpose");
        Nag.suppress(suppressed, "AwsSolutions-SQS4", "planted: suppressed on purpose");
        app.synth();
        List<String> findings = findings(planted);
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("Planted/Plain/Resource AwsSolutions-SQS3")), findings.toString());
        assertTrue(findings.stream().anyMatch(f -> f.startsWith("Planted/Plain/Resource AwsSolutions-SQS4")), findings.toString());
        assertTrue(findings.stream().noneMatch(f -> f.startsWith("Planted/Suppressed/")), findings.toString());
    }

    /** The packs' errors and warnings left on constructs (suppressed findings leave none). */
    static List<String> findings(IConstruct root) {
        List<String> findings = new ArrayList<>();
        for (IConstruct c : root.getNode().findAll()) {
            for (MetadataEntry entry : c.getNode().getMetadata()) {
                String type = entry.getType();
                String data = String.valueOf(entry.getData());
                if (("aws:cdk:error".equals(type) || "aws:cdk:warning".equals(type))
                        && (data.startsWith("AwsSolutions-") || data.startsWith("Serverless-") || data.contains("CdkNagValidationFailure"))) {
                    findings.add(c.getNode().getPath() + " " + data.split(": ")[0]);
                }
            }
        }
        return findings;
    }
}
