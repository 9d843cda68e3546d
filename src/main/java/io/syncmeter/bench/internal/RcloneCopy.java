package io.syncmeter.bench.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code rclone copy} between two S3 endpoints, as a peer to compare with: both remotes defined by
 * {@code RCLONE_CONFIG_*} variables (provider {@code Other}, path style), {@code --transfers} and
 * {@code --checkers} both at the given concurrency, its output in a log file. {@code AWS_CA_BUNDLE} is
 * removed from its environment: rclone fails at once when it names a bundle it cannot use.
 */
public final class RcloneCopy {

    /** What the copy took: wall time and rclone's own CPU, whole. */
    public record Result(Duration wall, Duration cpu) {}

    /** An S3 endpoint with its keys. */
    public record Remote(String endpoint, String accessKey, String secretKey) {}

    private RcloneCopy() {}

    /** The version line of {@code rclone version}, or why it cannot be run. */
    public static String version(String rclone) {
        try {
            Process p = new ProcessBuilder(rclone, "version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse("").trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + rclone + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Copies {@code from:bucket/path} to {@code to:bucket/path}; blocks until rclone ends, throws when it
     * fails. Must not run beside another child of this process that ends meanwhile (its CPU is measured
     * as that of this process's ended children).
     */
    public static Result copy(String rclone, Remote from, Remote to, String path, int concurrency, Path log)
            throws IOException, InterruptedException {
        return run(rclone, "src:" + path, "dst:" + path, from, to, concurrency, List.of(), log);
    }

    /**
     * Uploads the files of local directory {@code dir} to {@code to:bucket/path} (a PUT each), with
     * rclone's lightest settings for a plain upload: no HEAD after each PUT ({@code --s3-no-head}) and
     * no check of the bucket. Like {@link #copy}, blocks, throws when rclone fails, one child at a time.
     */
    public static Result upload(String rclone, Path dir, Remote to, String path, int concurrency, Path log)
            throws IOException, InterruptedException {
        return run(
                rclone,
                dir.toString(),
                "dst:" + path,
                null,
                to,
                concurrency,
                List.of("--s3-no-head", "--s3-no-check-bucket"),
                log);
    }

    /**
     * Downloads {@code from:bucket/path} into local directory {@code dir} (a GET each). Like {@link
     * #copy}, blocks, throws when rclone fails, one child at a time.
     */
    public static Result download(String rclone, Remote from, String path, Path dir, int concurrency, Path log)
            throws IOException, InterruptedException {
        return run(rclone, "src:" + path, dir.toString(), from, null, concurrency, List.of(), log);
    }

    // from and to: the remotes "src" and "dst", null where a side is a local path
    private static Result run(
            String rclone,
            String source,
            String destination,
            Remote from,
            Remote to,
            int concurrency,
            List<String> flags,
            Path log)
            throws IOException, InterruptedException {
        Path config = Files.createTempFile(log.getParent(), "rclone", ".conf");
        List<String> command = new ArrayList<>(List.of(
                rclone,
                "copy",
                source,
                destination,
                "--config",
                config.toString(),
                "--transfers",
                Integer.toString(concurrency),
                "--checkers",
                Integer.toString(concurrency)));
        command.addAll(flags);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.remove("AWS_CA_BUNDLE");
        if (from != null) {
            remote(env, "SRC", from);
        }
        if (to != null) {
            remote(env, "DST", to);
        }
        Duration cpu0 = CpuTime.endedChildren();
        long t0 = System.nanoTime();
        Process p = builder.start();
        int status = p.waitFor();
        Duration wall = Duration.ofNanos(System.nanoTime() - t0);
        Duration cpu = CpuTime.endedChildren().minus(cpu0);
        Files.deleteIfExists(config);
        if (status != 0) {
            throw new IllegalStateException("rclone copy exited with " + status + ", see " + log + ":\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Result(wall, cpu);
    }

    private static void remote(Map<String, String> env, String name, Remote r) {
        String p = "RCLONE_CONFIG_" + name + "_";
        env.put(p + "TYPE", "s3");
        env.put(p + "PROVIDER", "Other");
        env.put(p + "ENDPOINT", r.endpoint());
        env.put(p + "ACCESS_KEY_ID", r.accessKey());
        env.put(p + "SECRET_ACCESS_KEY", r.secretKey());
        env.put(p + "REGION", "us-east-1");
        env.put(p + "FORCE_PATH_STYLE", "true");
    }
}
