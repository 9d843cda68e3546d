package io.syncmeter.lifecycle.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationRequest;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

class BucketRuleTest {

    private static final LifecycleRule OURS = BucketRule.rule("syncmeter-probes/", 1);

    private static LifecycleRule foreign(String id, String prefix) {
        return LifecycleRule.builder()
                .id(id)
                .status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().prefix(prefix).build())
                .expiration(e -> e.days(90))
                .build();
    }

    @Test
    void shouldAddOurRuleAfterEveryForeignRule() {
        LifecycleRule logs = foreign("logs", "logs/");
        LifecycleRule tmp = foreign("tmp", "tmp/");

        assertThat(BucketRule.merge(List.of(logs, tmp), OURS)).hasValue(List.of(logs, tmp, OURS));
    }

    @Test
    void shouldInstallOurRuleAloneInABucketWithoutConfiguration() {
        assertThat(BucketRule.merge(List.of(), OURS)).hasValue(List.of(OURS));
    }

    @Test
    void shouldReplaceOnlyOurRuleInItsPlaceWhenItDiffers() {
        LifecycleRule logs = foreign("logs", "logs/");
        LifecycleRule tmp = foreign("tmp", "tmp/");
        LifecycleRule oldOurs = BucketRule.rule("syncmeter-probes/", 7);

        assertThat(BucketRule.merge(List.of(logs, oldOurs, tmp), OURS)).hasValue(List.of(logs, OURS, tmp));
    }

    @Test
    void shouldWriteNothingWhenOurRuleIsAlreadyThereIdentical() {
        LifecycleRule logs = foreign("logs", "logs/");

        assertThat(BucketRule.merge(List.of(logs, OURS), OURS)).isEmpty();
    }

    @Test
    void shouldRecogniseOurRuleReadBackInTheLegacyPrefixForm() {
        LifecycleRule readBack = OURS.toBuilder()
                .filter((LifecycleRuleFilter) null)
                .prefix("syncmeter-probes/")
                .build();

        assertThat(BucketRule.merge(List.of(readBack), OURS)).isEmpty();
    }

    @Test
    void shouldReplaceARuleWithOurIdThatDoesMoreThanOurs() {
        LifecycleRule tampered = OURS.toBuilder()
                .transitions(Transition.builder()
                        .days(1)
                        .storageClass(TransitionStorageClass.GLACIER)
                        .build())
                .build();
        LifecycleRule disabled =
                OURS.toBuilder().status(ExpirationStatus.DISABLED).build();
        LifecycleRule otherPrefix = BucketRule.rule("syncmeter-probes", 1);

        for (LifecycleRule r : List.of(tampered, disabled, otherPrefix)) {
            assertThat(BucketRule.merge(List.of(r), OURS)).as("%s", r).hasValue(List.of(OURS));
        }
    }

    @Test
    void shouldUseTheLegacyPrefixFormWhenTheOtherRulesDo() {
        LifecycleRule legacy = LifecycleRule.builder()
                .id("old-style")
                .status(ExpirationStatus.ENABLED)
                .prefix("logs/")
                .expiration(e -> e.days(30))
                .build();

        List<LifecycleRule> merged = BucketRule.merge(List.of(legacy), OURS).orElseThrow();

        assertThat(merged).hasSize(2).first().isEqualTo(legacy);
        assertThat(merged.get(1).filter()).isNull();
        assertThat(merged.get(1).prefix()).isEqualTo("syncmeter-probes/");
        assertThat(merged.get(1).expiration().days()).isEqualTo(1);
    }

    @Test
    void shouldRoundTheRetentionUpToWholeDaysOfAtLeastOne() {
        assertThat(BucketRule.days(Duration.ofMinutes(15))).isEqualTo(1);
        assertThat(BucketRule.days(Duration.ofDays(1))).isEqualTo(1);
        assertThat(BucketRule.days(Duration.ofHours(25))).isEqualTo(2);
    }

    @Test
    void shouldPutTheMergedConfigurationWhenOurRuleIsMissing() {
        FakeLifecycle s3 = new FakeLifecycle(Optional.of(List.of(foreign("logs", "logs/"))), null);

        assertThat(BucketRule.install(s3, "b", OURS)).isEqualTo(BucketRule.Outcome.WRITTEN);

        assertThat(s3.puts).hasSize(1);
        assertThat(s3.puts.get(0).lifecycleConfiguration().rules()).containsExactly(foreign("logs", "logs/"), OURS);
    }

    @Test
    void shouldTreatNoConfigurationAsNoRules() {
        FakeLifecycle s3 = new FakeLifecycle(Optional.empty(), null);

        assertThat(BucketRule.install(s3, "b", OURS)).isEqualTo(BucketRule.Outcome.WRITTEN);

        assertThat(s3.puts.get(0).lifecycleConfiguration().rules()).containsExactly(OURS);
    }

    @Test
    void shouldNotPutWhenUnchanged() {
        FakeLifecycle s3 = new FakeLifecycle(Optional.of(List.of(OURS)), null);

        assertThat(BucketRule.install(s3, "b", OURS)).isEqualTo(BucketRule.Outcome.UNCHANGED);

        assertThat(s3.puts).isEmpty();
    }

    @Test
    void shouldReportABackendWithoutLifecycleSupportAsUnsupported() {
        FakeLifecycle s3 = new FakeLifecycle(Optional.of(List.of()), error(501, "NotImplemented"));

        assertThat(BucketRule.install(s3, "b", OURS)).isEqualTo(BucketRule.Outcome.UNSUPPORTED);

        assertThat(s3.puts).isEmpty();
    }

    @Test
    void shouldThrowOtherErrorsSoTheyAreRetried() {
        FakeLifecycle s3 = new FakeLifecycle(Optional.of(List.of()), error(403, "AccessDenied"));

        assertThatThrownBy(() -> BucketRule.install(s3, "b", OURS)).isInstanceOf(S3Exception.class);
        assertThat(s3.puts).isEmpty();
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }

    /** A client that knows only the two lifecycle calls. */
    private static final class FakeLifecycle implements S3Client {
        final Optional<List<LifecycleRule>> rules;
        final S3Exception getError;
        final List<PutBucketLifecycleConfigurationRequest> puts = new ArrayList<>();

        FakeLifecycle(Optional<List<LifecycleRule>> rules, S3Exception getError) {
            this.rules = rules;
            this.getError = getError;
        }

        @Override
        public GetBucketLifecycleConfigurationResponse getBucketLifecycleConfiguration(
                GetBucketLifecycleConfigurationRequest request) {
            if (getError != null) {
                throw getError;
            }
            if (rules.isEmpty()) {
                throw error(404, "NoSuchLifecycleConfiguration");
            }
            return GetBucketLifecycleConfigurationResponse.builder()
                    .rules(rules.get())
                    .build();
        }

        @Override
        public PutBucketLifecycleConfigurationResponse putBucketLifecycleConfiguration(
                PutBucketLifecycleConfigurationRequest request) {
            puts.add(request);
            return PutBucketLifecycleConfigurationResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {}
    }
}
