package io.syncmeter.site.internal;

import io.syncmeter.bench.internal.LoadClient;
import io.syncmeter.site.SiteSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.endpoints.AwsEndpointAttribute;
import software.amazon.awssdk.awscore.endpoints.authscheme.EndpointAuthScheme;
import software.amazon.awssdk.awscore.endpoints.authscheme.SigV4AuthScheme;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/**
 * What the S3 client costs per request, in CPU of the client's own process, for variants of its
 * settings side by side in one run: the cost the sync engine and the probe writers pay for every
 * HEAD, GET and PUT, apart from the server's.
 *
 * <p>The server is a Vert.x HTTP server in the same JVM that answers every request at once with a
 * fixed response of the size asked for (HEAD and GET describe a {@code --size} object, PUT reads its
 * body and answers an ETag): the server's threads' CPU is measured by thread and left out, so what
 * remains is the client's (its request threads, the SDK's own threads, GC and JIT). Each variant runs
 * in a JVM of its own (so the JIT compiles it as the service would, alone), every operation {@code
 * --requests} times on {@code --threads} threads after a warm-up; the variants take turns, in
 * alternating order, for {@code --rounds} rounds, and the median round is printed.
 *
 * <pre>
 * scripts/bench-jmh.sh --main io.syncmeter.site.internal.S3ClientCost [--requests N] [--threads N]
 *     [--size BYTES] [--rounds N] [--warmup N]
 * </pre>
 */
public final class S3ClientCost {

    private static final String BUCKET = "cost";

    private S3ClientCost() {}

    /** A client setting under test, applied to the factory's builder. */
    private record Variant(String name, UnaryOperator<S3ClientBuilder> apply) {}

    private enum Op {
        HEAD,
        GET,
        PUT
    }

    /**
     * @param cpuMicros the request threads' own CPU and the SDK's threads' per request: the client's
     *     code, compiled as far as the JIT got
     * @param processMicros the whole process's but the server's per request: JIT and GC included
     */
    private record Figure(double cpuMicros, double processMicros, double perSecond) {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> opts = new LinkedHashMap<>();
        opts.put("--requests", 20_000);
        opts.put("--threads", 16);
        opts.put("--size", 4096);
        opts.put("--rounds", 3);
        opts.put("--warmup", 20_000);
        opts.put("--variant", -1);
        for (int i = 0; i < args.length; i += 2) {
            if (!opts.containsKey(args[i]) || i + 1 >= args.length || !args[i + 1].matches("\\d+")) {
                System.err.println("usage: S3ClientCost "
                        + opts.keySet().stream()
                                .filter(k -> !k.equals("--variant"))
                                .map(k -> "[" + k + " N]")
                                .collect(Collectors.joining(" "))
                        + "; not understood: " + args[i]);
                System.exit(2);
            }
            opts.put(args[i], Integer.parseInt(args[i + 1]));
        }
        if (opts.get("--variant") >= 0) {
            measure(opts);
            return;
        }
        List<String> names = variants(URI.create("http://127.0.0.1")).stream()
                .map(Variant::name)
                .toList();
        Map<Integer, List<Map<Op, Figure>>> rounds = new TreeMap<>();
        for (int r = 0; r < opts.get("--rounds"); r++) {
            // every variant in a JVM of its own (its JIT sees only its own classes), in alternating order
            for (int n = 0; n < names.size(); n++) {
                int v = r % 2 == 0 ? n : names.size() - 1 - n;
                Map<Op, Figure> figures = child(opts, v);
                rounds.computeIfAbsent(v, k -> new ArrayList<>()).add(figures);
                System.err.printf("round %d %s: %s%n", r + 1, names.get(v), figures);
            }
        }
        System.out.printf(
                "%n%d requests per operation after %d of warm-up, %d threads, %d-byte objects, the median of %d"
                        + " JVMs per variant; CPU-µs per request of the client's threads / of the whole client"
                        + " process (JIT, GC included); requests/s%n%n",
                opts.get("--requests"),
                opts.get("--warmup"),
                opts.get("--threads"),
                opts.get("--size"),
                opts.get("--rounds"));
        System.out.println("| variant | HEAD | GET | PUT | client threads' CPU, ratio to the first |");
        System.out.println("|---|---|---|---|---|");
        double base = -1;
        for (var e : rounds.entrySet()) {
            StringBuilder row = new StringBuilder("| " + names.get(e.getKey()) + " |");
            double sum = 0;
            for (Op op : Op.values()) {
                Figure f = median(e.getValue(), op);
                sum += f.cpuMicros();
                row.append(String.format(
                        Locale.ROOT, " %.0f / %.0f µs, %.0f/s |", f.cpuMicros(), f.processMicros(), f.perSecond()));
            }
            if (base < 0) {
                base = sum;
            }
            row.append(String.format(Locale.ROOT, " %.2f |", sum / base));
            System.out.println(row);
        }
    }

    private static List<Variant> variants(URI endpoint) {
        // what the SDK's endpoint rules resolve for a path-style site with an endpoint URL, without them
        S3EndpointProvider fixed = params -> CompletableFuture.completedFuture(Endpoint.builder()
                .url(params.bucket() == null ? endpoint : URI.create(endpoint + "/" + params.bucket()))
                .putAttribute(AwsEndpointAttribute.AUTH_SCHEMES, List.of((EndpointAuthScheme) SigV4AuthScheme.builder()
                        .signingName("s3")
                        .signingRegion("us-east-1")
                        .disableDoubleEncoding(true)
                        .build()))
                .build());
        return List.of(
                new Variant("the factory's client", b -> b),
                new Variant("fixed endpoint instead of the SDK's endpoint rules", b -> b.endpointProvider(fixed)),
                new Variant(
                        "no call timeout",
                        b -> b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy()))),
                new Variant(
                        "url-connection client",
                        b -> b.httpClientBuilder(UrlConnectionHttpClient.builder()
                                .connectionTimeout(Duration.ofSeconds(2))
                                .socketTimeout(Duration.ofSeconds(10)))));
    }

    // runs one variant in a child JVM and reads its figures
    private static Map<Op, Figure> child(Map<String, Integer> opts, int variant) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                S3ClientCost.class.getName()));
        opts.forEach((k, v) -> {
            command.add(k);
            command.add(String.valueOf(k.equals("--variant") ? variant : v));
        });
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Op, Figure> figures = new EnumMap<>(Op.class);
        try (var out = new java.io.BufferedReader(
                new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 5 && f[0].equals("RESULT")) {
                    figures.put(
                            Op.valueOf(f[1]),
                            new Figure(Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                }
            }
        }
        if (process.waitFor() != 0 || figures.size() != Op.values().length) {
            throw new IllegalStateException("variant " + variant + " failed (exit " + process.exitValue() + ")");
        }
        return figures;
    }

    // the child: one variant, warmed up, then every operation measured once
    private static void measure(Map<String, Integer> opts) throws Exception {
        int threads = opts.get("--threads");
        Vertx vertx = Vertx.vertx();
        HttpServer server = startServer(vertx, opts.get("--size"));
        URI endpoint = URI.create("http://127.0.0.1:" + server.actualPort());
        SiteSettings site = new SiteSettings(
                "cost",
                Optional.of(endpoint),
                "us-east-1",
                BUCKET,
                true,
                false,
                Optional.of(new SiteSettings.Credentials("access", "secret")));
        Variant variant = variants(endpoint).get(opts.get("--variant"));
        byte[] body = new byte[opts.get("--size")];
        Arrays.fill(body, (byte) 'x');
        try (S3Client s3 = variant.apply()
                .apply(S3ClientFactory.builder(site, new LoadClient(threads)))
                .build()) {
            for (Op op : Op.values()) {
                run(s3, op, opts.get("--warmup"), threads, body);
            }
            for (Op op : Op.values()) {
                Figure f = run(s3, op, opts.get("--requests"), threads, body);
                System.out.printf(
                        Locale.ROOT, "RESULT %s %.3f %.3f %.3f%n", op, f.cpuMicros(), f.processMicros(), f.perSecond());
            }
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get();
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static Figure median(List<Map<Op, Figure>> rounds, Op op) {
        List<Figure> figures =
                new ArrayList<>(rounds.stream().map(m -> m.get(op)).toList());
        figures.sort((a, b) -> Double.compare(a.cpuMicros(), b.cpuMicros()));
        return figures.get(figures.size() / 2);
    }

    private static Figure run(S3Client s3, Op op, int requests, int threads, byte[] body) throws Exception {
        AtomicInteger left = new AtomicInteger(requests);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicLong requestThreads = new AtomicLong();
        long sdk0 = cpuNanos(name -> name.startsWith("sdk-") || name.startsWith("idle-connection-reaper"));
        long process0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(
                    () -> {
                        long own0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                        try {
                            while (left.getAndDecrement() > 0) {
                                switch (op) {
                                    case HEAD ->
                                        s3.headObject(b -> b.bucket(BUCKET).key("k/a"));
                                    case GET ->
                                        s3.getObjectAsBytes(
                                                b -> b.bucket(BUCKET).key("k/a"));
                                    case PUT ->
                                        s3.putObject(b -> b.bucket(BUCKET).key("k/a"), RequestBody.fromBytes(body));
                                }
                            }
                        } finally {
                            requestThreads.addAndGet(
                                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - own0);
                            done.countDown();
                        }
                    },
                    "client-" + t);
            thread.start();
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(op + " did not finish");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double process = processCpuNanos() - process0;
        double cpu = requestThreads.get()
                + cpuNanos(name -> name.startsWith("sdk-") || name.startsWith("idle-connection-reaper"))
                - sdk0;
        return new Figure(cpu / 1e3 / requests, process / 1e3 / requests, requests / seconds);
    }

    // the CPU of the live threads whose names match
    private static long cpuNanos(Predicate<String> name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && name.test(info.getThreadName())) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    // the process's CPU but the server's threads
    private static long processCpuNanos() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() - cpuNanos(name -> name.startsWith("vert.x-"));
    }

    private static HttpServer startServer(Vertx vertx, int size) throws Exception {
        Buffer object = Buffer.buffer(new byte[size]);
        String lastModified = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String etag = "\"0123456789abcdef0123456789abcdef\"";
        return vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0).setHandle100ContinueAutomatically(true))
                .requestHandler(req -> answer(req, object, lastModified, etag))
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get();
    }

    private static void answer(HttpServerRequest req, Buffer object, String lastModified, String etag) {
        HttpServerResponse resp = req.response()
                .putHeader("ETag", etag)
                .putHeader("Last-Modified", lastModified)
                .putHeader("x-amz-request-id", "cost");
        switch (req.method().name()) {
            case "HEAD" ->
                resp.putHeader("Content-Length", String.valueOf(object.length()))
                        .putHeader("Content-Type", "application/octet-stream")
                        .end();
            case "GET" ->
                resp.putHeader("Content-Type", "application/octet-stream").end(object);
            case "PUT" -> req.body().onComplete(b -> resp.end());
            default -> resp.setStatusCode(405).end();
        }
    }
}
