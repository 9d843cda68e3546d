package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class ErrorKindTest {

    @Test
    void shouldNameAServerErrorByItsStatus() {
        assertThat(ErrorKind.of(S3Exception.builder().statusCode(503).build())).isEqualTo("http-503");
        assertThat(ErrorKind.of(S3Exception.builder().statusCode(403).build())).isEqualTo("http-403");
    }

    @Test
    void shouldCallA404NotFound() {
        assertThat(ErrorKind.of(S3Exception.builder().statusCode(404).build())).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void shouldCallTimeoutsTimeouts() {
        assertThat(ErrorKind.of(ApiCallTimeoutException.create(1000))).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(ErrorKind.of(SdkClientException.create("read", new SocketTimeoutException("read timed out"))))
                .isEqualTo(ErrorKind.TIMEOUT);
    }

    @Test
    void shouldCallAnIoFailureUnderTheSdkAConnectionError() {
        assertThat(ErrorKind.of(SdkClientException.create("refused", new ConnectException("Connection refused"))))
                .isEqualTo(ErrorKind.CONNECTION);
        assertThat(ErrorKind.of(new UncheckedIOException(new IOException("reset"))))
                .isEqualTo(ErrorKind.CONNECTION);
    }

    @Test
    void shouldCallAnythingElseAClientError() {
        assertThat(ErrorKind.of(SdkClientException.create("bad request"))).isEqualTo(ErrorKind.CLIENT);
        // a service exception without a status is the client's making
        assertThat(ErrorKind.of(S3Exception.builder().build())).isEqualTo(ErrorKind.CLIENT);
    }
}
