package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Operation;
import io.syncmeter.bench.WorkloadProfile.ReplicationMode;
import io.syncmeter.bench.WorkloadProfile.Stop;
import io.syncmeter.bench.WorkloadProfileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The workload profiles shipped in {@code probes/}: each loads, by name and from inside the application. */
class WorkloadShippedProfilesTest {

    private static final Path PROBES = Path.of("probes");

    static List<String> shipped() throws IOException {
        try (Stream<Path> files = Files.list(PROBES)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("bench-") && f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void shouldShipTheFourProfilesOfTheIssueUnderOnePrefix() throws IOException {
        assertThat(shipped())
                .contains("bench-large-throughput", "bench-mixed-small", "bench-rate-sweep", "bench-replication-burst");
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void shouldLoadEveryShippedProfileByNameAndFromInsideTheApplication(String name) throws IOException {
        WorkloadProfile fromDirectory = WorkloadLoader.load(name, List.of());
        WorkloadProfile packaged;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("probes/" + name + ".yaml")) {
            assertThat(in).as("probes/%s.yaml packaged", name).isNotNull();
            packaged = WorkloadLoader.parse("classpath:probes/" + name + ".yaml", in, List.of());
        }

        assertThat(fromDirectory).isEqualTo(packaged);
        assertThat(fromDirectory.name()).isEqualTo(name);
        assertThat(fromDirectory.description()).isNotBlank();
        assertThat(Files.readString(PROBES.resolve(name + ".yaml")))
                .as("%s starts with a comment saying what it measures", name)
                .startsWith("# ");
    }

    @Test
    void shouldRefuseEveryProbeProfileAsAWorkload() throws IOException {
        try (Stream<Path> files = Files.list(PROBES)) {
            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith("bench-"))
                    .toList()) {
                assertThatThrownBy(() -> WorkloadLoader.load(f.toString(), List.of()))
                        .isInstanceOf(WorkloadProfileException.class)
                        .hasMessageContaining("makes this a probe profile");
            }
        }
    }

    @Test
    void shouldMeasureWhatTheirHeadersSay() {
        WorkloadProfile mixed = WorkloadLoader.load("bench-mixed-small", List.of());
        assertThat(mixed.load()).isEqualTo(new Load.ClosedLoop(32));
        assertThat(mixed.operations().used())
                .containsExactly(Operation.PUT, Operation.GET, Operation.HEAD, Operation.LIST, Operation.DELETE);
        assertThat(mixed.keys().prefill()).isEqualTo(mixed.keys().count());

        WorkloadProfile large = WorkloadLoader.load("bench-large-throughput", List.of());
        assertThat(large.operations().multipartPut()).isPositive();
        assertThat(large.objectSize().min()).isGreaterThan(large.multipart().partSize());

        WorkloadProfile burst = WorkloadLoader.load("bench-replication-burst", List.of());
        assertThat(burst.replication().mode()).isEqualTo(ReplicationMode.BURST);
        assertThat(burst.replication().writers()).containsExactly("dc1");

        WorkloadProfile sweep = WorkloadLoader.load("bench-rate-sweep", List.of());
        assertThat(sweep.replication().sweep().orElseThrow().rates())
                .hasSize(16)
                .startsWith(25.0)
                .endsWith(400.0);
        assertThat(sweep.stop()).isEqualTo(new Stop.AfterDuration(Duration.ofMinutes(8)));
        assertThat(sweep.load()).isEqualTo(new Load.OpenLoop(25, 512));
    }

    @Test
    void shouldTakeOverridesOfAShippedProfile() {
        WorkloadProfile quick = WorkloadLoader.load(
                "bench-mixed-small", List.of("duration=15s", "load.concurrency=4", "auto-terminate="));

        assertThat(quick.stop()).isEqualTo(new Stop.AfterDuration(Duration.ofSeconds(15)));
        assertThat(quick.load()).isEqualTo(new Load.ClosedLoop(4));
        assertThat(quick.autoTerminate()).isEmpty();
    }
}
