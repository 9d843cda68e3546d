package io.syncmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.syncmeter.testing.PackagedApp;
import io.syncmeter.testing.S3Server;
import io.syncmeter.testing.TestKafka;
import io.syncmeter.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint runs of the packaged application's {@code bench}, as two datacenters would start them: two
 * processes sharing a real broker, each loading a site of its own, meet on the runs' topic, start
 * their load together (though one came seconds after the other), and each writes the same merged
 * result; both publish their progress and results there. A party left alone gives up after the join
 * timeout, cleaned up.
 */
class JointBenchIT {

    private static final Duration WITHIN = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestKafka kafka = new TestKafka();
    private static String bootstrap;
    private static S3Server dc1;
    private static S3Server dc2;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        bootstrap = kafka.start();
        dc1 = S3Server.start("dc1", "joint-bench-dc1");
        dc2 = S3Server.start("dc2", "joint-bench-dc2");
    }

    @AfterAll
    static void stop() {
        if (dc1 != null) {
            dc1.close();
        }
        if (dc2 != null) {
            dc2.close();
        }
        kafka.stop();
    }

    // both sites, as every datacenter's instance configures them, and the shared broker
    private static List<String> jvm(String... more) {
        List<String> args = new ArrayList<>(List.of("-Dkafka.bootstrap.servers=" + bootstrap));
        for (S3Server s : List.of(dc1, dc2)) {
            String p = "-Dsyncmeter.sites." + s.name() + ".";
            args.add(p + "endpoint=" + s.server().endpoint());
            args.add(p + "bucket=" + s.bucket());
            args.add(p + "region=eu-west-1");
            args.add(p + "access-key=" + S3Server.ACCESS_KEY);
            args.add(p + "secret-key=" + S3Server.SECRET_KEY);
        }
        args.addAll(List.of(more));
        return args;
    }

    // a short mixed run at one site, as one party of the joint run `join`
    private static List<String> party(Path out, String join, String party, String site) {
        return List.of(
                "bench",
                "bench-mixed-small",
                "--out",
                out.toString(),
                "--progress",
                "lines",
                "--join",
                join,
                "--parties",
                "2",
                "--party",
                party,
                "--set",
                "sites=[" + site + "]",
                "--set",
                "keys.count=200",
                "--set",
                "load.concurrency=4",
                "--set",
                "warm-up=0s",
                "--set",
                "duration=4s",
                "--set",
                "auto-terminate=");
    }

    private static String awaitEnd(Process p, Path log) throws Exception {
        try {
            assertThat(p.waitFor(WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Test
    void twoPartiesStartTogetherAndEachWritesTheSameMergedResult() throws Exception {
        Path eastOut = dir.resolve("east");
        Path westOut = dir.resolve("west");
        Path eastLog = dir.resolve("east.log");
        Path westLog = dir.resolve("west.log");
        try (TopicReader topic = new TopicReader(bootstrap, "syncmeter.bench-runs")) {
            Process east = PackagedApp.start(eastLog, jvm(), party(eastOut, "mixed-1", "east", "dc1"));
            // the other datacenter starts later: the barrier, not the processes, decides the start
            await("east waits at the barrier")
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> topic.values().stream().anyMatch(v -> v.contains("\"type\":\"ready\"")));
            Instant eastReady = Instant.now();
            Process west = PackagedApp.start(westLog, jvm(), party(westOut, "mixed-1", "west", "dc2"));
            String eastOutput = awaitEnd(east, eastLog);
            String westOutput = awaitEnd(west, westLog);
            assertThat(east.exitValue()).as(eastOutput).isZero();
            assertThat(west.exitValue()).as(westOutput).isZero();
            assertThat(eastOutput)
                    .contains("waiting for the joint run's other parties")
                    .contains("joint run mixed-1: party east of 2, with east, west")
                    .contains("joint result: " + eastOut.resolve("joint").resolve("result.json"));

            JsonNode eastOwn = JSON.readTree(eastOut.resolve("result.json").toFile());
            JsonNode westOwn = JSON.readTree(westOut.resolve("result.json").toFile());
            Instant eastStart = Instant.parse(eastOwn.path("start").asText());
            Instant westStart = Instant.parse(westOwn.path("start").asText());
            assertThat(Duration.between(eastReady, eastStart))
                    .as("east started only once west had come")
                    .isGreaterThan(Duration.ofSeconds(3));
            assertThat(Duration.between(eastStart, westStart).abs())
                    .as("both started together: %s and %s", eastStart, westStart)
                    .isLessThan(Duration.ofMillis(500));

            JsonNode joint = JSON.readTree(
                    eastOut.resolve("joint").resolve("result.json").toFile());
            assertThat(JSON.readTree(
                            westOut.resolve("joint").resolve("result.json").toFile()))
                    .as("the same merged result at both parties")
                    .isEqualTo(joint);
            assertThat(joint.path("sites").path("dc1"))
                    .isEqualTo(eastOwn.path("sites").path("dc1"));
            assertThat(joint.path("sites").path("dc2"))
                    .isEqualTo(westOwn.path("sites").path("dc2"));
            assertThat(joint.path("parties").findValuesAsText("name")).containsExactly("east", "west");
            assertThat(joint.path("parties").get(1).path("run").asText()).isEqualTo(runId(westOut));
            assertThat(Files.readString(eastOut.resolve("joint").resolve("put.csv")))
                    .as("every party's intervals")
                    .contains("\ndc1,")
                    .contains("\ndc2,");
            assertThat(eastOut.resolve("joint").resolve("report.html")).isRegularFile();

            // both published their progress, their result and their last status
            await("every record on the topic")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> count(topic, "result") == 2 && lastStatus(topic, "DONE") == 2);
            assertThat(count(topic, "ready")).isEqualTo(2);
            assertThat(count(topic, "progress")).as("progress while running").isGreaterThanOrEqualTo(4);
        }
        // nothing left at either site
        assertThat(dc1.connect(2)
                        .s3()
                        .listObjectsV2(b -> b.bucket(dc1.bucket()))
                        .contents())
                .isEmpty();
        assertThat(dc2.connect(2)
                        .s3()
                        .listObjectsV2(b -> b.bucket(dc2.bucket()))
                        .contents())
                .isEmpty();
    }

    @Test
    void aPartyLeftAloneGivesUpAfterTheJoinTimeoutAndCleansUp() throws Exception {
        Path out = dir.resolve("alone");
        Path log = dir.resolve("alone.log");
        Process alone =
                PackagedApp.start(log, jvm("-Dsyncmeter.bench.join-timeout=10s"), party(out, "alone-1", "solo", "dc1"));
        String output = awaitEnd(alone, log);
        assertThat(alone.exitValue()).as(output).isEqualTo(1);
        assertThat(output)
                .contains("only 1 of the 2 parties of the joint run 'alone-1' came within PT10S: [solo]")
                .contains("no joint result");
        assertThat(dc1.connect(2)
                        .s3()
                        .listObjectsV2(b -> b.bucket(dc1.bucket()))
                        .contents())
                .as("the prefill cleaned up")
                .isEmpty();
    }

    @Test
    void aJointRunWithoutASharedBrokerIsRefusedBeforeAnythingStarts() throws Exception {
        Path log = dir.resolve("embedded.log");
        // the embedded default: its broker is the process's own, so no other party could meet it there
        Process p = PackagedApp.start(log, List.of(), party(dir.resolve("embedded"), "embedded-1", "solo", "dc1"));
        String output = awaitEnd(p, log);
        assertThat(p.exitValue()).as(output).isEqualTo(2);
        assertThat(output)
                .contains("bench: a joint run meets its other parties on a Kafka broker they share: set"
                        + " kafka.bootstrap.servers");
    }

    // the run's id: the folder of its objects, in the environment's prefix
    private static String runId(Path out) throws Exception {
        String prefix = JSON.readTree(out.resolve("result.json").toFile())
                .path("environment")
                .path("sites")
                .get(0)
                .path("prefix")
                .asText();
        return prefix.split("/")[1];
    }

    private static long count(TopicReader topic, String type) {
        return topic.values().stream()
                .filter(v -> v.contains("\"type\":\"" + type + "\""))
                .count();
    }

    private static long lastStatus(TopicReader topic, String state) {
        return topic.values().stream()
                .filter(v -> v.contains("\"type\":\"progress\"") && v.contains("\"state\":\"" + state + "\""))
                .count();
    }
}
