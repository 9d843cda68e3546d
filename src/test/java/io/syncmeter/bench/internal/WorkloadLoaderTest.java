package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.AutoTerminate;
import io.syncmeter.bench.WorkloadProfile.Keys;
import io.syncmeter.bench.WorkloadProfile.Load;
import io.syncmeter.bench.WorkloadProfile.Mix;
import io.syncmeter.bench.WorkloadProfile.Multipart;
import io.syncmeter.bench.WorkloadProfile.ObjectSize;
import io.syncmeter.bench.WorkloadProfile.Replication;
import io.syncmeter.bench.WorkloadProfile.ReplicationMode;
import io.syncmeter.bench.WorkloadProfile.Sites;
import io.syncmeter.bench.WorkloadProfile.Stop;
import io.syncmeter.bench.WorkloadProfileException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadLoaderTest {

    // line numbers matter: the tests below name them
    private static final String VALID = """
            kind: workload
            name: test
            description: a test workload
            operations:
              put: 20
              get: 70
              delete: 10
            object-size: 4KiB
            keys:
              count: 1000
            load:
              concurrency: 8
            duration: 30s
            """;

    private static final String SWEEP = """
            kind: workload
            name: sweep
            sites: [dc1, dc2]
            operations: {put: 1}
            object-size: 1KiB
            keys: {count: 100000}
            replication:
              mode: sweep
              writers: [dc1]
              sweep:
                from: 50
                to: 200
                step: 50
                step-duration: 20s
            """;

    @Test
    void shouldParseAValidProfileAndFillInTheDefaults() {
        WorkloadProfile profile = parse(VALID);

        assertThat(profile)
                .isEqualTo(new WorkloadProfile(
                        "test",
                        "a test workload",
                        new Sites(List.of()),
                        1,
                        new Mix(20, 70, 0, 0, 10, 0),
                        new ObjectSize.Fixed(4096),
                        new Multipart(8L << 20),
                        new Keys(1000, 1000),
                        new Load.ClosedLoop(8),
                        new Stop.AfterDuration(Duration.ofSeconds(30)),
                        Duration.ZERO,
                        Optional.empty(),
                        Replication.none(Duration.ofMinutes(10))));
        assertThat(profile.sites().all()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "4096, 4096",
        "512B, 512",
        "4KiB, 4096",
        "16MiB, 16777216",
        "1.5KiB, 1536",
        "1 GiB, 1073741824",
        "1MB, 1000000",
        "2KB, 2000",
        "0, 0",
    })
    void shouldReadObjectSizesInBytesAndWithUnits(String written, long bytes) {
        assertThat(parse(VALID.replace("object-size: 4KiB", "object-size: " + written))
                        .objectSize())
                .isEqualTo(new ObjectSize.Fixed(bytes));
    }

    @ParameterizedTest
    @CsvSource({"1.1KiB", "4kib", "4 KiBs", "-1", "6GiB", "1e3", "four"})
    void shouldRejectAnObjectSizeThatIsNotAWholeSizeWithinBounds(String written) {
        assertProblems(VALID.replace("object-size: 4KiB", "object-size: " + written))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("test.yaml:8: object-size: must be a size from 0 B to 5 GiB (bytes, or with a unit");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "  concurrency: 8|  concurrency: 0|test.yaml:12: load.concurrency: must be a whole number from 1 to 4096, was 0",
                "  concurrency: 8|  concurrency: 5000|test.yaml:12: load.concurrency: must be a whole number from 1 to 4096, was 5000",
                "  concurrency: 8|  concurrency: lots|test.yaml:12: load.concurrency: must be a whole number from 1 to 4096, was 'lots'",
                "  get: 70|  get: -1|test.yaml:6: operations.get: must be a whole number from 0 to 1000000, was -1",
                "  count: 1000|  count: 0|test.yaml:10: keys.count: must be a whole number from 1 to 100000000, was 0",
                "duration: 30s|duration: 30|test.yaml:13: duration: must be a duration from 1s to 24h (250ms, 10s, 5m, 1h, 1d, PT1H), was 30",
                "duration: 30s|duration: 2d|test.yaml:13: duration: must be a duration from 1s to 24h (250ms, 10s, 5m, 1h, 1d, PT1H), was '2d'",
                "name: test|name: Test Profile|test.yaml:2: name: must be lower-case letters, digits and '-', at most 64, was 'Test Profile'",
                "  delete: 10|  deletes: 10|test.yaml:7: operations.deletes: unknown field (known in operations: put, get, head, list, delete, multipart-put)",
                "  count: 1000|  count: 1000\\n  prefill: 2000|test.yaml:11: keys.prefill: must be a whole number from 0 to 1000, was 2000",
            })
    void shouldNameTheFileLineAndFieldOfABadValue(String line, String replacement, String problem) {
        assertProblems(VALID.replace(line, replacement.replace("\\n", "\n"))).containsExactly(problem);
    }

    @Test
    void shouldNameTheKnownFieldsOfAnUnknownTopLevelField() {
        assertProblems(VALID + "colour: blue\n")
                .containsExactly("test.yaml:14: colour: unknown field (known: kind, name, description, sites,"
                        + " max-runs-per-site, operations, object-size, multipart, keys, load, duration,"
                        + " operation-count, warm-up, auto-terminate, replication)");
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        String yaml = VALID.replace("  concurrency: 8", "  concurrency: 0")
                .replace("  get: 70", "  get: many")
                .replace("object-size: 4KiB", "object-size: 4 bytes")
                .replace("name: test\n", "");

        assertProblems(yaml)
                .hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("test.yaml:1: name: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("test.yaml:5: operations.get: must be a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("test.yaml:7: object-size: must be a size"))
                .anySatisfy(p -> assertThat(p).startsWith("test.yaml:11: load.concurrency: must be a whole number"));
    }

    @Test
    void shouldReportAFieldGivenTwice() {
        assertProblems(VALID.replace("  put: 20\n", "  put: 20\n  put: 30\n"))
                .containsExactly("test.yaml:6: operations.put: given twice (first at test.yaml:5)");
    }

    @Test
    void shouldRefuseAMixWithoutAnyWeight() {
        assertProblems(VALID.replace("  put: 20", "  put: 0")
                        .replace("  get: 70", "  get: 0")
                        .replace("  delete: 10", "  delete: 0"))
                .containsExactly("test.yaml:4: operations: at least one operation needs a weight above 0"
                        + " (put, get, head, list, delete, multipart-put)");
    }

    @Test
    void shouldRefuseConcurrencyAndRateTogether() {
        assertProblems(VALID.replace("  concurrency: 8", "  concurrency: 8\n  rate: 100"))
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("test.yaml:13: load.rate: not with concurrency (test.yaml:12): give concurrency (closed"
                        + " loop) or rate (open loop)");
    }

    @Test
    void shouldRefuseALoadWithNeitherConcurrencyNorRate() {
        assertProblems(VALID.replace("  concurrency: 8", "  max-in-flight: 8"))
                .containsExactly(
                        "test.yaml:11: load: give concurrency (closed loop) or rate (open loop, operations/s per site)");
    }

    @Test
    void shouldReadAnOpenLoop() {
        WorkloadProfile profile = parse(VALID.replace("  concurrency: 8", "  rate: 250.5\n  max-in-flight: 64"));

        assertThat(profile.load()).isEqualTo(new Load.OpenLoop(250.5, 64));
    }

    @Test
    void shouldRefuseMaxInFlightInAClosedLoop() {
        assertProblems(VALID.replace("  concurrency: 8", "  concurrency: 8\n  max-in-flight: 64"))
                .containsExactly("test.yaml:13: load.max-in-flight: only with rate: a closed loop has concurrency"
                        + " requests in flight");
    }

    @Test
    void shouldRefuseDurationAndOperationCountTogether() {
        assertProblems(VALID + "operation-count: 5000\n")
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("test.yaml:14: operation-count: not with duration (test.yaml:13): give one");
    }

    @Test
    void shouldRefuseAProfileWithNeitherDurationNorOperationCount() {
        assertProblems(VALID.replace("duration: 30s\n", ""))
                .containsExactly("test.yaml:1: duration: is required, or operation-count: when the measured run ends");
    }

    @Test
    void shouldStopAfterAnOperationCount() {
        assertThat(parse(VALID.replace("duration: 30s", "operation-count: 5000"))
                        .stop())
                .isEqualTo(new Stop.AfterOperations(5000));
    }

    @Test
    void shouldTellAProbeProfileApart() throws Exception {
        String probe = Files.readString(Path.of("probes/continuous.yaml"));

        assertThatThrownBy(() -> parse(probe))
                .isInstanceOf(WorkloadProfileException.class)
                .hasMessageContaining("test.yaml:4: kind: missing, and 'rate-per-second' makes this a probe profile;"
                        + " a workload profile starts with 'kind: workload'")
                .satisfies(e ->
                        assertThat(((WorkloadProfileException) e).problems()).hasSize(1));
    }

    @Test
    void shouldRefuseAnotherKind() {
        assertProblems(VALID.replace("kind: workload", "kind: probe"))
                .containsExactly("test.yaml:1: kind: must be 'workload' in a workload profile, was 'probe'");
    }

    @Test
    void shouldRequireTheKind() {
        assertProblems(VALID.replace("kind: workload\n", ""))
                .containsExactly("test.yaml:1: kind: is required: a workload profile starts with 'kind: workload'");
    }

    @Test
    void shouldReadEveryDistributionOfSizes() {
        assertThat(parse(VALID.replace(
                                "object-size: 4KiB", "object-size: {distribution: uniform, min: 1KiB, max: 64KiB}"))
                        .objectSize())
                .isEqualTo(new ObjectSize.Uniform(1024, 65536));
        assertThat(parse(VALID.replace(
                                "object-size: 4KiB",
                                "object-size:\n  distribution: log-uniform\n  min: 1KiB\n  max: 16MiB"))
                        .objectSize())
                .isEqualTo(new ObjectSize.LogUniform(1024, 16L << 20));
        assertThat(parse(VALID.replace(
                                "object-size: 4KiB",
                                "object-size:\n  distribution: weighted\n  sizes:\n    - {size: 4KiB, weight: 9}\n"
                                        + "    - {size: 1MiB, weight: 1}"))
                        .objectSize())
                .isEqualTo(new ObjectSize.Weighted(
                        List.of(new ObjectSize.WeightedSize(4096, 9), new ObjectSize.WeightedSize(1 << 20, 1))));
    }

    @Test
    void shouldNameTheItemOfAWeightedSizeThatIsWrong() {
        String weighted = "object-size:\n  distribution: weighted\n  sizes:\n    - size: 4KiB\n      weight: 9\n"
                + "    - size: 1MiB\n      weight: 0\n";

        assertProblems(VALID.replace("object-size: 4KiB\n", weighted))
                .containsExactly("test.yaml:14: object-size.sizes.1.weight: must be a whole number from 1 to 1000000,"
                        + " was 0");
    }

    @Test
    void shouldRefuseADistributionWhoseBoundsAreWrong() {
        assertProblems(VALID.replace(
                        "object-size: 4KiB",
                        "object-size:\n  distribution: log-uniform\n  min: 0\n  max: 1KiB\n  sizes: []"))
                .containsExactly(
                        "test.yaml:12: object-size.sizes: only with distribution weighted",
                        "test.yaml:10: object-size.min: must be a size from 1 B to 5 GiB (bytes, or with a unit: 512B,"
                                + " 4KiB, 16MiB, 1GiB, 1MB), was 0");
        assertProblems(VALID.replace("object-size: 4KiB", "object-size: {distribution: uniform, min: 2MiB, max: 1MiB}"))
                .containsExactly("test.yaml:8: object-size.max: must be at least min (2 MiB), was 1 MiB");
    }

    @Test
    void shouldPrefillOnlyWhenTheOperationsRead() {
        assertThat(parse(VALID).keys()).isEqualTo(new Keys(1000, 1000));
        String writesOnly = VALID.replace("  get: 70\n", "").replace("  delete: 10\n", "");
        assertThat(parse(writesOnly).keys()).isEqualTo(new Keys(1000, 0));
        String readsOnly = VALID.replace("  put: 20\n", "").replace("  count: 1000", "  count: 1000\n  prefill: 0");
        assertProblems(readsOnly)
                .containsExactly("test.yaml:10: keys.prefill: must be above 0: the operations read or delete and"
                        + " none writes");
    }

    @Test
    void shouldReadAutoTerminationAndWarmUp() {
        WorkloadProfile profile =
                parse(VALID + "warm-up: 5s\nauto-terminate:\n  window: 10s\n  tolerance-percent: 7.5\n");

        assertThat(profile.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(profile.autoTerminate()).contains(new AutoTerminate(Duration.ofSeconds(10), 7.5));
    }

    @Test
    void shouldRefuseAnAutoTerminationWindowAsLongAsTheRun() {
        assertProblems(VALID + "auto-terminate:\n  window: 30s\n  tolerance-percent: 5\n")
                .containsExactly("test.yaml:15: auto-terminate.window: must be shorter than duration (30s)");
    }

    @Test
    void shouldDeriveTheLoadAndTheStopOfARateSweep() {
        WorkloadProfile profile = parse(SWEEP);

        Replication replication = profile.replication();
        assertThat(replication.mode()).isEqualTo(ReplicationMode.SWEEP);
        assertThat(replication.writers()).containsExactly("dc1");
        assertThat(replication.targets()).isEmpty();
        assertThat(replication.sweep().orElseThrow().rates()).containsExactly(50.0, 100.0, 150.0, 200.0);
        assertThat(profile.load()).isEqualTo(new Load.OpenLoop(50, 1024));
        assertThat(profile.stop()).isEqualTo(new Stop.AfterDuration(Duration.ofSeconds(80)));
        assertThat(profile.keys()).isEqualTo(new Keys(100000, 0));
    }

    @Test
    void shouldRefuseARateOrAStopOfItsOwnInARateSweep() {
        assertProblems(SWEEP + "duration: 1m\nload: {rate: 10}\nauto-terminate: {window: 5s, tolerance-percent: 5}\n")
                .containsExactlyInAnyOrder(
                        "test.yaml:16: load.rate: not with replication.mode sweep: the sweep sets the rate",
                        "test.yaml:15: duration: not with replication.mode sweep: its steps set how long it runs",
                        "test.yaml:17: auto-terminate: not with replication.mode sweep: every step runs its full"
                                + " step-duration");
    }

    @Test
    void shouldRefuseASweepOfTooManySteps() {
        assertProblems(SWEEP.replace("step: 50", "step: 0.05"))
                .containsExactly("test.yaml:13: replication.sweep.step: makes 3001 steps from 50 to 200; at most 1000");
    }

    @Test
    void shouldCheckTheReplicationSitesAgainstTheRunsSites() {
        assertProblems(SWEEP.replace("writers: [dc1]", "writers: [dc3]\n  targets: [dc1, dc1]"))
                .containsExactly(
                        "test.yaml:10: replication.targets.1: 'dc1' is listed twice",
                        "test.yaml:9: replication.writers: 'dc3' is not one of sites [dc1, dc2]");
        assertProblems(SWEEP.replace("writers: [dc1]", "writers: [dc1]\n  targets: [dc1]"))
                .containsExactly("test.yaml:10: replication.targets: no site to measure at: a site is never measured"
                        + " against its own writes");
    }

    @Test
    void shouldRefuseReplicationSettingsThatDoNotFitTheMode() {
        assertProblems(VALID + "replication:\n  mode: none\n  writers: [dc1]\n")
                .containsExactly(
                        "test.yaml:16: replication.writers: not with mode none: nothing of replication is measured");
        assertProblems(VALID.replace("  concurrency: 8", "  concurrency: 8") + "replication: {mode: steady}\n")
                .containsExactly("test.yaml:12: load.concurrency: not with replication.mode steady: it writes at a"
                        + " steady rate; give rate");
        assertProblems(VALID.replace("  put: 20\n", "") + "replication: {mode: burst}\n")
                .containsExactly("test.yaml:13: replication.mode: burst measures replication of writes: give"
                        + " operations.put or operations.multipart-put a weight above 0");
        assertProblems(VALID + "replication: {mode: fast}\n")
                .containsExactly(
                        "test.yaml:14: replication.mode: must be one of none, burst, steady, sweep, was 'fast'");
    }

    @Test
    void shouldApplyOverridesBeforeValidation() {
        WorkloadProfile profile = parse(
                VALID,
                "duration=15s",
                "load.concurrency=32",
                "operations.get=70",
                "operations.multipart-put=5",
                "multipart.part-size=16MiB",
                "sites=[dc1, dc2]",
                "object-size={distribution: log-uniform, min: 1KiB, max: 1MiB}");

        assertThat(profile.stop()).isEqualTo(new Stop.AfterDuration(Duration.ofSeconds(15)));
        assertThat(profile.load()).isEqualTo(new Load.ClosedLoop(32));
        assertThat(profile.operations()).isEqualTo(new Mix(20, 70, 0, 0, 10, 5));
        assertThat(profile.multipart()).isEqualTo(new Multipart(16L << 20));
        assertThat(profile.sites().names()).containsExactly("dc1", "dc2");
        assertThat(profile.objectSize()).isEqualTo(new ObjectSize.LogUniform(1024, 1 << 20));
    }

    @Test
    void shouldClearAFieldWithAnEmptyOverride() {
        WorkloadProfile profile =
                parse(VALID, "load.concurrency=", "load.rate=200", "duration=null", "operation-count=100");

        assertThat(profile.load()).isEqualTo(new Load.OpenLoop(200, 1024));
        assertThat(profile.stop()).isEqualTo(new Stop.AfterOperations(100));
    }

    @Test
    void shouldSetAnItemOfAListByItsIndex() {
        String weighted = VALID.replace(
                "object-size: 4KiB", "object-size: {distribution: weighted, sizes: [{size: 1KiB, weight: 1}]}");

        assertThat(parse(weighted, "object-size.sizes.0.weight=3").objectSize())
                .isEqualTo(new ObjectSize.Weighted(List.of(new ObjectSize.WeightedSize(1024, 3))));
        assertProblems(weighted, "object-size.sizes.1.weight=3")
                .containsExactly("--set object-size.sizes.1.weight=3: object-size.sizes has no item 1 (it has 1)");
    }

    @Test
    void shouldNameABadOverride() {
        assertProblems(VALID, "load.concurency=3")
                .containsExactly("--set load.concurency=3: load.concurency: unknown field (known in load:"
                        + " concurrency, rate, max-in-flight)");
        assertProblems(VALID, "load.concurrency=0")
                .containsExactly("--set load.concurrency=0: load.concurrency: must be a whole number from 1 to 4096,"
                        + " was 0");
        assertProblems(VALID, "duration")
                .containsExactly("--set duration: an override is key=value (e.g. duration=15s, load.concurrency=32)");
        assertProblems(VALID, "duration.unit=s")
                .containsExactly("--set duration.unit=s: duration is a single value, not a mapping");
        assertProblems(VALID, "load..rate=1")
                .containsExactly("--set load..rate=1: 'load..rate' is not a field path (e.g. load.concurrency)");
        assertProblems(VALID, "sites=[dc1")
                .singleElement(InstanceOfAssertFactories.STRING)
                .startsWith("--set sites=[dc1: the value is not YAML: ");
    }

    @Test
    void shouldBlameTheOverrideThatRemovesARequiredField() {
        assertProblems(VALID, "keys.count=")
                .containsExactly(
                        "--set keys.count=: keys.count: is required: how many" + " distinct keys operations pick from");
    }

    @Test
    void shouldMakeTheMappingsAnOverrideNeeds() {
        WorkloadProfile profile = parse(VALID, "auto-terminate.window=5s", "auto-terminate.tolerance-percent=5");

        assertThat(profile.autoTerminate()).contains(new AutoTerminate(Duration.ofSeconds(5), 5));
        assertProblems(VALID, "auto-terminate.window=5s")
                .containsExactly("--set auto-terminate.window=5s: auto-terminate.tolerance-percent: is required:"
                        + " stable when throughput stays within this percentage, e.g. 5");
    }

    @Test
    void shouldReportOverridesAndTheFilesProblemsTogether() {
        assertProblems(VALID.replace("  get: 70", "  get: x"), "load.concurrency=0", "warm-up=forever")
                .hasSize(3);
    }

    @Test
    void shouldReportTextThatIsNotAYamlMapping() {
        assertProblems("- a\n- list\n").containsExactly("test.yaml: a profile is a YAML mapping of fields");
        assertProblems("").containsExactly("test.yaml: a profile is a YAML mapping of fields");
        assertProblems("kind: workload\nname: x\nload: [a\nb: c\n")
                .containsExactly("test.yaml:4: not valid YAML: while parsing a flow sequence: expected ',' or ']', but"
                        + " got :");
        assertProblems("kind: workload\nname: x\n  bad: indent\n")
                .containsExactly("test.yaml:3: not valid YAML: mapping values are not allowed here");
        assertProblems(VALID + "---\nkind: workload\n").containsExactly("test.yaml:15: one profile per file");
    }

    @Test
    void shouldSayWhereItLookedForAProfileThatIsNotThere() {
        assertThatThrownBy(() -> WorkloadLoader.load("no-such-workload", List.of()))
                .isInstanceOf(WorkloadProfileException.class)
                .hasMessageContaining("no workload profile 'no-such-workload' (looked for "
                        + Path.of("probes/no-such-workload.yaml").toAbsolutePath()
                        + " and for probes/no-such-workload.yaml inside the application)");
        assertThatThrownBy(() -> WorkloadLoader.load("target/none.yaml", List.of()))
                .hasMessageContaining("no workload profile 'target/none.yaml' (looked for "
                        + Path.of("target/none.yaml").toAbsolutePath() + ")");
    }

    private static WorkloadProfile parse(String yaml, String... overrides) {
        return WorkloadLoader.parse(
                "test.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), List.of(overrides));
    }

    private static ListAssert<String> assertProblems(String yaml, String... overrides) {
        try {
            parse(yaml, overrides);
        } catch (WorkloadProfileException e) {
            assertThat(e).hasMessageStartingWith("Invalid workload profile:\n  - ");
            return assertThat(e.problems());
        }
        throw new AssertionError("expected the profile to be refused:\n" + yaml);
    }
}
