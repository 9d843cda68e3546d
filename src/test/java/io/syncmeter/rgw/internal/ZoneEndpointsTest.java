package io.syncmeter.rgw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.rgw.internal.ZoneEndpoints.Gateway;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneEndpointsTest {

    private static final Gateway SYNC = new Gateway("beast endpoint=127.0.0.1:18002", true);
    private static final Gateway CLIENTS_ONLY = new Gateway("beast endpoint=127.0.0.1:18003", false);

    @Test
    void shouldFlagAnEndpointServedOnlyByAGatewayWithoutTheSync() {
        assertThat(ZoneEndpoints.withoutSync(
                        List.of("http://127.0.0.1:18002", "http://127.0.0.1:18003"), List.of(SYNC, CLIENTS_ONLY)))
                .containsExactly("http://127.0.0.1:18003");
    }

    @Test
    void shouldNotFlagWhatRunsTheSyncOrWhatNoKnownGatewayServes() {
        assertThat(ZoneEndpoints.withoutSync(
                        List.of("http://127.0.0.1:18002", "http://lb.example:80"), List.of(SYNC, CLIENTS_ONLY)))
                .isEmpty();
    }

    @Test
    void shouldMatchPortsOfGatewaysListeningEverywhereAndDefaultPorts() {
        assertThat(ZoneEndpoints.withoutSync(
                        List.of("http://rgw-a.example", "https://rgw-b.example", "rgw-c.example:8080"),
                        List.of(
                                new Gateway("beast port=80", false),
                                new Gateway("beast ssl_endpoint=0.0.0.0:443", false),
                                new Gateway("civetweb port=8080", true))))
                .containsExactly("http://rgw-a.example", "https://rgw-b.example");
    }
}
