package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.ConditionalWrites.Form;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ConditionalWritesTest {

    @Test
    void shouldSpellIfMatchTheWayTheSiteTakesIt() {
        assertThat(Form.QUOTED.ifMatch("abc")).isEqualTo("\"abc\"");
        assertThat(Form.UNQUOTED.ifMatch("abc")).isEqualTo("abc");
        assertThat(Form.NONE.honoured()).isFalse();
        assertThat(Form.QUOTED.honoured()).isTrue();
        assertThat(Form.UNQUOTED.honoured()).isTrue();
    }

    @Test
    void shouldTakeA412AndAwsConditionalConflictAsARefusedPrecondition() {
        assertThat(ConditionalWrites.refusedByPrecondition(error(412, "PreconditionFailed")))
                .isTrue();
        assertThat(ConditionalWrites.refusedByPrecondition(error(409, "ConditionalRequestConflict")))
                .isTrue();
        assertThat(ConditionalWrites.refusedByPrecondition(error(409, "BucketNotEmpty")))
                .isFalse();
        assertThat(ConditionalWrites.refusedByPrecondition(error(404, "NoSuchBucket")))
                .isFalse();
        assertThat(ConditionalWrites.refusedByPrecondition(
                        (S3Exception) S3Exception.builder().statusCode(409).build()))
                .isFalse();
    }

    @Test
    void shouldNeverReplicateTheObjectsOfTheCheckWhateverThePrefixes() {
        String check = ConditionalWrites.CHECK_PREFIX + "0b1e";
        assertThat(KeyFilter.ALL.matches(check)).isFalse();
        assertThat(new KeyFilter(List.of(".syncmeter/")).matches(check)).isFalse();
        assertThat(KeyFilter.ALL.matches(".syncmeter/other")).isTrue();
        assertThat(KeyFilter.ALL.matches("data/x")).isTrue();
    }

    @Test
    void shouldKnowNothingBeforeTheCheck() {
        try (ConditionalWrites writes = new ConditionalWrites()) {
            assertThat(writes.form("dc1")).isEqualTo(Form.NONE);
        }
    }

    private static S3Exception error(int status, String code) {
        return (S3Exception) S3Exception.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
                .build();
    }
}
