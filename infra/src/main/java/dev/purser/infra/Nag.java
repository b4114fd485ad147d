package dev.purser.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.constructs.IConstruct;

/**
 * cdk-nag suppressions, written next to the resource they concern with the reason
 * (docs/deploy.md lists them all). The packs run in template-tests ({@code CdkNagTemplateTest}),
 * where any finding neither fixed nor suppressed fails the build.
 */
final class Nag {

    private Nag() {}

    /** Suppresses one rule on a construct and everything under it. */
    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** Suppresses one rule for the findings on matching resources only (IAM5: {@code Resource::<Id.Arn>/*}). */
    static void suppress(IConstruct construct, String rule, String reason, RegexAppliesTo appliesTo) {
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder()
                .id(rule).reason(reason).appliesTo(List.of(appliesTo)).build()), true);
    }
}
