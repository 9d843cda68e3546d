package io.syncmeter.bench;

import io.syncmeter.bench.internal.ChildJvm;
import io.syncmeter.bench.internal.ClientLoad;
import io.syncmeter.bench.internal.CopyReport;
import io.syncmeter.bench.internal.LoadClient;
import io.syncmeter.bench.internal.PutLoad;
import io.syncmeter.bench.internal.RcloneCopy;
import io.syncmeter.bench.internal.Window;
import io.syncmeter.metrics.PrometheusText;
import io.syncmeter.process.HelpOption;
import io.syncmeter.site.Site;
import io.syncmeter.site.SiteSettings;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code bench-copy}: the sync engine against {@code rclone copy}, side by side in one run. For every
 * concurrency, on two fresh S3 sites (the embedded default's in-process servers and broker, in a JVM of
 * their own, so each copier's CPU is its process's alone): the same objects are written to the first
 * site, then copied to the second by rclone, or by the engine from the sites' change notifications on
 * Kafka; also the second site's plain PUT capacity, one engine worker against two, and the failover
 * time after a SIGKILL of a worker. Every copy is checked object by object (key and ETag). Plain Java:
 * it starts its own processes from this jar, on loopback, and stops them by PID.
 */
@Command(
        name = "bench-copy",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Benchmarks the sync engine against rclone copy on the same objects and the same two in-process"
                    + " S3 sites (their own JVM, loopback ports): objects/s and CPU-seconds per 1,000 objects of"
                    + " each copier's process, the target's plain PUT capacity, 1 worker against 2, and the"
                    + " failover time after kill -9. Writes copy.md and copy.json to --out."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:done, every copy complete and intact",
            "1:a run failed or a copy was incomplete",
            "2:bad usage"
        })
public final class CopyBenchCommand implements Callable<Integer> {

    private static final String BUCKET = "syncmeter";
    private static final String ACCESS_KEY = "syncmeter";
    private static final String SECRET_KEY = "syncmeter-secret";
    private static final String COPIED = "syncmeter_sync_objects_total";
    private static final String REQUESTS = "syncmeter_sync_requests_total";
    private static final String ACTIVE_SHARDS = "syncmeter_sync_active_shards";
    private static final String WARM = "warm/";
    private static final String UNCONDITIONAL = "engine, target ignores conditional writes";
    private static final String DATA = "bench/";
    private static final int PREFILL_CONCURRENCY = 16;
    // each look renders the workers' /q/metrics: every 200 ms cost them 3 % of their CPU
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(500);

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--objects",
            paramLabel = "N",
            description = "Objects copied per run (default: ${DEFAULT-VALUE}).",
            defaultValue = "10000")
    int objects;

    @Option(
            names = "--size",
            paramLabel = "BYTES",
            description = "Size of each object (default: ${DEFAULT-VALUE}).",
            defaultValue = "4096")
    int size;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            description = "Objects the engine copies before its window opens, so its JIT is warm (default:"
                    + " ${DEFAULT-VALUE}); rclone copies only the measured objects.",
            defaultValue = "1000")
    int warmup;

    @Option(
            names = "--concurrency",
            paramLabel = "C",
            split = ",",
            description = "Concurrencies to compare: rclone's --transfers and --checkers, the engine's"
                    + " syncmeter.sync.concurrency, the PUT load's threads (default: ${DEFAULT-VALUE}).",
            defaultValue = "4,16,64")
    List<Integer> concurrency;

    @Option(
            names = "--workers-concurrency",
            paramLabel = "C",
            description = "Concurrency of each worker in the two-worker and failover runs (default: ${DEFAULT-VALUE}).",
            defaultValue = "16")
    int workersConcurrency;

    @Option(
            names = "--parts",
            paramLabel = "PART",
            split = ",",
            description = "What to run, of rclone, put, engine, unconditional (the engine into sites that ignore"
                    + " conditional writes, as plain S3Proxy does), workers, failover, client (syncmeter's load"
                    + " generator against rclone, PUT and GET at the target; default: ${DEFAULT-VALUE}).",
            defaultValue = "rclone,put,engine,workers,failover")
    List<String> parts;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions (shards) of the change topic (default: ${DEFAULT-VALUE}).",
            defaultValue = "4")
    int partitions;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Results and logs (default: ${DEFAULT-VALUE}).",
            defaultValue = "target/bench-copy")
    Path out;

    @Option(
            names = "--jar",
            paramLabel = "JAR",
            description = "The syncmeter jar the sites and workers run (default: this one).")
    Path jar;

    @Option(
            names = "--rclone",
            paramLabel = "CMD",
            description = "rclone (default: ${DEFAULT-VALUE}).",
            defaultValue = "rclone")
    String rclone;

    @Option(
            names = "--heap",
            paramLabel = "SIZE",
            description = "-Xmx of the sites' JVM and of each worker (default: ${DEFAULT-VALUE}).",
            defaultValue = "512m")
    String heap;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "First of the 6 loopback ports used: broker, two sites, the sites' HTTP, two workers'"
                    + " HTTP (default: ${DEFAULT-VALUE}).",
            defaultValue = "39500")
    int port;

    @Option(
            names = "--worker-jvm-option",
            paramLabel = "OPTION",
            description = "A JVM option of every worker, e.g."
                    + " -XX:StartFlightRecording=filename={dir}/{name}.jfr,settings=profile for a profile;"
                    + " {dir} is the run's directory, {name} the worker's.")
    List<String> workerJvmOptions = new ArrayList<>();

    private PrintWriter log;
    private int runs;

    // held, so the levels set on them stay (a logger nobody references may be collected, and its level
    // with it)
    private static final List<Logger> QUIET = new ArrayList<>();

    /**
     * This command runs before Quarkus, whose logging configuration is not applied yet: the log manager's
     * default lets the HTTP client's debug logging through, and Apache HttpClient then formats every byte
     * sent and received as hex for its wire log, which a console at INFO drops. In a short run that was
     * a fifth of the load generator's CPU per 4 KiB PUT and up to half per GET. The S3 clients here log
     * at WARN and above.
     */
    private static void quietClients() {
        for (String name : List.of("org.apache.http", "software.amazon.awssdk")) {
            Logger l = Logger.getLogger(name);
            l.setLevel(Level.WARNING);
            QUIET.add(l);
        }
    }

    @Override
    public Integer call() throws Exception {
        validate();
        quietClients();
        log = spec.commandLine().getErr();
        Files.createDirectories(out);
        CopyReport report =
                new CopyReport(objects, size, warmup, Runtime.getRuntime().availableProcessors());
        if (parts.contains("rclone") || parts.contains("client")) {
            report.rcloneVersion(RcloneCopy.version(rclone));
        }
        boolean intact = true;
        for (int c : concurrency) {
            if (parts.contains("rclone") || parts.contains("put")) {
                intact &= rcloneRun(c, report);
            }
            if (parts.contains("engine")) {
                intact &= engineRun("engine", c, 1, false, report);
            }
            if (parts.contains("unconditional")) {
                intact &= engineRun(UNCONDITIONAL, c, 1, false, report);
            }
            if (parts.contains("client")) {
                intact &= clientRun(c, report);
            }
        }
        if (parts.contains("workers")) {
            if (!parts.contains("engine") || !concurrency.contains(workersConcurrency)) {
                intact &= engineRun("engine", workersConcurrency, 1, false, report);
            }
            intact &= engineRun("engine, 2 workers", workersConcurrency, 2, false, report);
        }
        if (parts.contains("failover")) {
            intact &= engineRun("engine, 2 workers, one killed", workersConcurrency, 2, true, report);
        }
        String md = report.markdown();
        Files.writeString(out.resolve("copy.md"), md);
        Files.writeString(out.resolve("copy.json"), report.json());
        spec.commandLine().getOut().println(md);
        spec.commandLine().getOut().flush();
        return intact ? 0 : 1;
    }

    private void validate() {
        List<String> wrong = new ArrayList<>();
        if (objects < 1) {
            wrong.add("--objects must be at least 1, was " + objects);
        }
        if (size < 1 || size > 5 * 1024 * 1024) {
            wrong.add("--size must be from 1 to 5242880 bytes, was " + size);
        }
        if (warmup < 0) {
            wrong.add("--warmup must be at least 0, was " + warmup);
        }
        if (concurrency.stream().anyMatch(c -> c < 1 || c > 256)
                || workersConcurrency < 1
                || workersConcurrency > 256) {
            wrong.add("--concurrency and --workers-concurrency must be from 1 to 256");
        }
        List<String> known = List.of("rclone", "put", "engine", "unconditional", "workers", "failover", "client");
        parts.stream()
                .filter(p -> !known.contains(p))
                .forEach(p ->
                        wrong.add("--parts: unknown part '" + p + "', expected some of " + String.join(",", known)));
        if (partitions < 2) {
            wrong.add("--partitions must be at least 2 (two workers share them), was " + partitions);
        }
        if (port < 1024 || port > 65535 - 6) {
            wrong.add("--port must be from 1024 to 65529, was " + port);
        }
        if (jar == null) {
            jar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        }
        if (!Files.isRegularFile(jar)) {
            wrong.add("--jar: " + jar + " is not a file; build it with 'mvn -B -q -DskipTests package'");
        }
        if (!wrong.isEmpty()) {
            throw new ParameterException(spec.commandLine(), String.join("\n", wrong));
        }
    }

    /** rclone's copy at concurrency {@code c}, then the target's plain PUT capacity at the same. */
    private boolean rcloneRun(int c, CopyReport report) throws Exception {
        Path dir = runDir("rclone-c" + c);
        try (ChildJvm sites = startSites(dir, true);
                S3Client dc1 = client("dc1", 1, c);
                S3Client dc2 = client("dc2", 2, c)) {
            prefill(dc1);
            boolean intact = true;
            if (parts.contains("rclone")) {
                progress("rclone copy, --transfers %d --checkers %d, %d objects", c, c, objects);
                Duration servers0 = sites.cpu();
                RcloneCopy.Result r = RcloneCopy.copy(
                        rclone, remote(1), remote(2), BUCKET + "/" + DATA, c, dir.resolve("rclone.log"));
                Duration servers = sites.cpu().minus(servers0);
                intact = verify(dc1, dc2, DATA);
                report.rclone(c, r.wall(), r.cpu(), servers, intact);
            }
            if (parts.contains("put")) {
                progress("plain PUT capacity of the target, %d threads, %d objects", c, objects);
                Duration servers0 = sites.cpu();
                PutLoad.Result p = PutLoad.put(dc2, BUCKET, "put/", objects, size, c, 2);
                report.put(c, p, sites.cpu().minus(servers0));
            }
            return intact;
        }
    }

    /**
     * syncmeter's load generator (in this process) against rclone, at concurrency {@code c} on fresh
     * sites: PUTs of the objects to the target, then GETs of them. rclone uploads local files and
     * downloads them again; the generator writes and reads under a run prefix of its own, after a warm-up
     * of {@code --warmup} operations.
     */
    private boolean clientRun(int c, CopyReport report) throws Exception {
        Path dir = runDir("client-c" + c);
        Path upload = Files.createDirectories(dir.resolve("upload"));
        Path download = dir.resolve("download");
        Random random = new Random(c);
        byte[] body = new byte[size];
        for (int i = 0; i < objects; i++) {
            random.nextBytes(body);
            Files.write(upload.resolve(String.format("%08d", i)), body);
        }
        try (ChildJvm sites = startSites(dir, true);
                S3Client dc2 = client("dc2", 2, c)) {
            Site target = new Site("dc2", Optional.of(URI.create(endpoint(2))), BUCKET, dc2);
            String path = BUCKET + "/client-rclone";
            Map<WorkloadProfile.Operation, ClientLoad.Result> generator = new LinkedHashMap<>();
            for (WorkloadProfile.Operation op : List.of(WorkloadProfile.Operation.PUT, WorkloadProfile.Operation.GET)) {
                String name = op.name();
                progress("rclone: %d %ss at %d transfers", objects, name, c);
                Duration s0 = sites.cpu();
                Path rcloneLog = dir.resolve("rclone-" + op.field() + ".log");
                RcloneCopy.Result r = op == WorkloadProfile.Operation.PUT
                        ? RcloneCopy.upload(rclone, upload, remote(2), path, c, rcloneLog)
                        : RcloneCopy.download(rclone, remote(2), path, download, c, rcloneLog);
                report.client(
                        "rclone",
                        name,
                        c,
                        objects,
                        r.wall(),
                        r.cpu(),
                        sites.cpu().minus(s0));
                progress("syncmeter generator: %d %ss at concurrency %d", objects, name, c);
                ClientLoad.Result g = ClientLoad.run(
                        target, op, objects, size, c, warmup, "client-" + op.field() + "-c" + c, sites::cpu);
                report.client(CopyReport.GENERATOR, name, c, g.operations(), g.wall(), g.cpu(), g.servers());
                generator.put(op, g);
            }
            ClientLoad.Result put = generator.get(WorkloadProfile.Operation.PUT);
            ClientLoad.Result get = generator.get(WorkloadProfile.Operation.GET);
            long downloaded;
            try (Stream<Path> files = Files.list(download)) {
                downloaded = files.count();
            }
            boolean complete = put.failed() == 0
                    && get.failed() == 0
                    && put.operations() == objects
                    && get.operations() == objects
                    && downloaded == objects;
            if (!complete) {
                progress(
                        "INCOMPLETE: generator %d/%d PUTs and %d/%d GETs succeeded, rclone downloaded %d of %d",
                        put.operations(), objects, get.operations(), objects, downloaded, objects);
            }
            return complete;
        } finally {
            deleteTree(upload);
            deleteTree(download);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * The engine with {@code workers} workers at concurrency {@code c} each, copying the prefilled
     * objects from their change notifications; with {@code killOne}, a SIGKILL of a worker halfway.
     */
    private boolean engineRun(String copier, int c, int workers, boolean killOne, CopyReport report) throws Exception {
        boolean conditional = !copier.equals(UNCONDITIONAL);
        Path dir = runDir(
                (killOne ? "failover" : conditional ? "engine" : "engine-unconditional") + "-w" + workers + "-c" + c);
        try (ChildJvm sites = startSites(dir, conditional);
                S3Client dc1 = client("dc1", 1, PREFILL_CONCURRENCY);
                S3Client dc2 = client("dc2", 2, PREFILL_CONCURRENCY)) {
            prefill(dc1);
            progress("%s at concurrency %d: %d + %d objects from their notifications", copier, c, warmup, objects);
            List<ChildJvm> started = new ArrayList<>();
            try {
                for (int w = 0; w < workers; w++) {
                    started.add(startWorker(dir, w, c));
                }
                for (ChildJvm w : started) {
                    w.awaitStarted();
                }
                Window window = new Window(warmup, warmup + objects);
                Optional<Takeover> failover = Optional.empty();
                Duration deadline = Duration.ofSeconds(Math.max(300, objects / 20L));
                long t0 = System.nanoTime();
                while (!window.closed()) {
                    if (System.nanoTime() - t0 > deadline.toNanos()) {
                        throw new IllegalStateException(copier + " copied " + window.last() + " of "
                                + (warmup + objects) + " objects in " + deadline + ", see " + dir);
                    }
                    window.sample(sample(started, sites));
                    if (killOne && window.last() >= warmup + objects / 2) {
                        // the killed worker's count is gone: the rest is counted at the target
                        failover = Optional.of(killAndAwaitFailover(started, window.last(), dc2, dir));
                        break;
                    }
                    Thread.sleep(SAMPLE_EVERY.toMillis());
                }
                boolean intact = verify(dc1, dc2, DATA) & verify(dc1, dc2, WARM);
                if (failover.isPresent()) {
                    Takeover t = failover.get();
                    report.failover(
                            new CopyReport.Failover(c, t.ownedAfterSeconds(), t.completeAfterSeconds(), intact));
                } else {
                    report.copy(window.result(copier, c, workers, intact));
                }
                return intact;
            } finally {
                for (ChildJvm w : started) {
                    w.close();
                }
            }
        }
    }

    /**
     * SIGKILL of the worker owning most shards, then waits until the other owns every shard, and until
     * the target holds every object.
     *
     * @return the seconds from the kill to each
     */
    private Takeover killAndAwaitFailover(List<ChildJvm> workers, double copied, S3Client dc2, Path dir)
            throws InterruptedException {
        ChildJvm victim = busiest(workers);
        ChildJvm survivor =
                workers.stream().filter(w -> w != victim).findFirst().orElseThrow();
        progress("SIGKILL of %s (pid %d) after %.0f objects", victim.name(), victim.pid(), copied);
        victim.kill();
        long killedAt = System.nanoTime();
        long deadline = killedAt + Duration.ofMinutes(5).toNanos();
        while (survivor.metrics().sum(ACTIVE_SHARDS, Map.of()) < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the survivor did not take every shard in 5 minutes, see " + dir);
            }
            Thread.sleep(50);
        }
        double owned = (System.nanoTime() - killedAt) / 1e9;
        // a target still short at the deadline is reported by the check that follows. Each look lists
        // the whole target, so the looks are spaced by at least their own time: with many objects the
        // listing takes at most half the target's time, and the figure's resolution is a listing
        while (System.nanoTime() < deadline) {
            long listed = System.nanoTime();
            if (PutLoad.list(dc2, BUCKET, "").size() >= warmup + objects) {
                break;
            }
            Thread.sleep(Math.max(500, (System.nanoTime() - listed) / 1_000_000));
        }
        double complete = (System.nanoTime() - killedAt) / 1e9;
        progress("survivor owned every shard %.1f s after the kill; target complete after %.1f s", owned, complete);
        return new Takeover(owned, complete);
    }

    /** After a worker's kill: when the survivor owned every shard, when the target held every object. */
    private record Takeover(double ownedAfterSeconds, double completeAfterSeconds) {}

    private ChildJvm busiest(List<ChildJvm> workers) {
        ChildJvm best = workers.get(0);
        double most = -1;
        for (ChildJvm w : workers) {
            double shards = w.metrics().sum(ACTIVE_SHARDS, Map.of());
            if (shards > most) {
                most = shards;
                best = w;
            }
        }
        return best;
    }

    private static Window.Sample sample(List<ChildJvm> workers, ChildJvm sites) {
        double copied = 0;
        double requests = 0;
        Duration cpu = Duration.ZERO;
        for (ChildJvm w : workers) {
            PrometheusText m = w.metrics();
            copied += m.sum(COPIED, Map.of("outcome", "copied"));
            requests += m.sum(REQUESTS, Map.of());
            cpu = cpu.plus(w.cpu());
        }
        return new Window.Sample(System.nanoTime(), copied, requests, cpu, sites.cpu());
    }

    private void prefill(S3Client dc1) throws InterruptedException {
        progress("prefill: %d + %d objects of %d bytes at dc1", warmup, objects, size);
        if (warmup > 0) {
            PutLoad.put(dc1, BUCKET, WARM, warmup, size, PREFILL_CONCURRENCY, 0);
        }
        PutLoad.put(dc1, BUCKET, DATA, objects, size, PREFILL_CONCURRENCY, 1);
    }

    /** Whether the target holds every object under the prefix with the source's ETag. */
    private boolean verify(S3Client from, S3Client to, String prefix) {
        Map<String, String> source = PutLoad.list(from, BUCKET, prefix);
        Map<String, String> target = PutLoad.list(to, BUCKET, prefix);
        long missing =
                source.keySet().stream().filter(k -> !target.containsKey(k)).count();
        long different = source.entrySet().stream()
                .filter(e -> target.containsKey(e.getKey())
                        && !target.get(e.getKey()).equals(e.getValue()))
                .count();
        if (missing + different > 0) {
            progress(
                    "INCOMPLETE: of %d objects under %s, %d missing at the target, %d different",
                    source.size(), prefix, missing, different);
        }
        return missing + different == 0;
    }

    // conditional: whether the sites honour conditional writes (the embedded default) or ignore them
    private ChildJvm startSites(Path dir, boolean conditional) throws IOException, InterruptedException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("syncmeter.embedded.conditional-writes", Boolean.toString(conditional));
        p.put("syncmeter.embedded.kafka", "on");
        p.put("syncmeter.embedded.kafka-port", Integer.toString(port));
        p.put("syncmeter.embedded.kafka-partitions", Integer.toString(partitions));
        p.put("syncmeter.embedded.sites", "on");
        p.put("syncmeter.embedded.s3-base-port", Integer.toString(port + 1));
        p.put("syncmeter.embedded.bucket", BUCKET);
        p.put("syncmeter.embedded.access-key", ACCESS_KEY);
        p.put("syncmeter.embedded.secret-key", SECRET_KEY);
        p.put("syncmeter.probe.enabled", "false");
        p.put("syncmeter.collector.enabled", "false");
        p.put("syncmeter.lifecycle.enabled", "false");
        p.put("syncmeter.sla.enabled", "false");
        p.put("syncmeter.sync.enabled", "false");
        // its idle change consumer must not take shards from the workers' group
        p.put("mp.messaging.incoming.changes-in.group.id", "syncmeter-bench-sites");
        return ChildJvm.start("sites", jar, heap, port + 3, p, List.of(), dir).awaitStarted();
    }

    private ChildJvm startWorker(Path dir, int index, int c) throws IOException {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", "127.0.0.1:" + port);
        for (String site : List.of("dc1", "dc2")) {
            String prefix = "syncmeter.sites." + site + ".";
            p.put(prefix + "endpoint", endpoint(site.equals("dc1") ? 1 : 2));
            p.put(prefix + "bucket", BUCKET);
            p.put(prefix + "access-key", ACCESS_KEY);
            p.put(prefix + "secret-key", SECRET_KEY);
        }
        p.put("syncmeter.sync.directions", "dc1->dc2");
        p.put("syncmeter.sync.concurrency", Integer.toString(c));
        p.put("syncmeter.s3-client.max-connections", Integer.toString(Math.max(64, 2 * c)));
        p.put("syncmeter.sync.resync.on-start", "false");
        p.put("syncmeter.probe.enabled", "false");
        p.put("syncmeter.collector.enabled", "false");
        p.put("syncmeter.lifecycle.enabled", "false");
        p.put("syncmeter.sla.enabled", "false");
        return ChildJvm.start("worker-" + (char) ('a' + index), jar, heap, port + 4 + index, p, workerJvmOptions, dir);
    }

    private S3Client client(String name, int offset, int connections) {
        return Site.connect(
                        new SiteSettings(
                                name,
                                Optional.of(URI.create(endpoint(offset))),
                                "us-east-1",
                                BUCKET,
                                true,
                                false,
                                Optional.of(new SiteSettings.Credentials(ACCESS_KEY, SECRET_KEY))),
                        new LoadClient(connections + 8))
                .s3();
    }

    private RcloneCopy.Remote remote(int offset) {
        return new RcloneCopy.Remote(endpoint(offset), ACCESS_KEY, SECRET_KEY);
    }

    private String endpoint(int offset) {
        return "http://127.0.0.1:" + (port + offset);
    }

    private Path runDir(String name) throws IOException {
        Path dir = out.resolve(String.format("%02d-%s", ++runs, name));
        Files.createDirectories(dir);
        return dir;
    }

    private void progress(String format, Object... args) {
        log.printf("bench-copy: " + format + "%n", args);
        log.flush();
    }
}
