package io.syncmeter.rgw.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands on a Ceph daemon's admin socket through the {@code ceph} CLI ({@code ceph
 * --admin-daemon <asok> <command>}) and parses the JSON answer. Stateless; each call starts one
 * short-lived process.
 */
public final class AdminSocket {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> cephCommand;
    private final String socket;
    private final Duration timeout;

    /**
     * @param cephCommand the CLI and any leading arguments, split on spaces (e.g. {@code ceph})
     * @param socket the admin socket path
     */
    public AdminSocket(String cephCommand, String socket, Duration timeout) {
        this.cephCommand = List.of(cephCommand.trim().split("\\s+"));
        this.socket = socket;
        this.timeout = timeout;
    }

    /** The socket path. */
    public String socket() {
        return socket;
    }

    /** Runs a command ({@code perf dump}, {@code config get rgw_run_sync_thread}). */
    public JsonNode command(String... words) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(cephCommand);
        cmd.add("--admin-daemon");
        cmd.add(socket);
        cmd.addAll(List.of(words));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not answer within " + timeout);
            }
            out = in.readAllBytes();
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
                    + new String(out, java.nio.charset.StandardCharsets.UTF_8).trim());
        }
        return JSON.readTree(out);
    }

    /** The gateway's {@code rgw_frontends}, e.g. {@code beast endpoint=127.0.0.1:8080}. */
    public String frontends() throws IOException, InterruptedException {
        return command("config", "get", "rgw_frontends").path("rgw_frontends").asText("");
    }

    /** Whether the gateway runs the sync thread ({@code rgw_run_sync_thread}). */
    public boolean runsSyncThread() throws IOException, InterruptedException {
        return command("config", "get", "rgw_run_sync_thread")
                .path("rgw_run_sync_thread")
                .asText("true")
                .equals("true");
    }

    /**
     * The gateway's counters of data sync from a source zone: the {@code data-sync-from-<zone>}
     * section of {@code perf dump}, absent when the gateway does not sync from it.
     */
    public static SyncCounters syncCounters(JsonNode perfDump, String sourceZone) {
        JsonNode s = perfDump.path("data-sync-from-" + sourceZone);
        if (s.isMissingNode()) {
            return SyncCounters.NONE;
        }
        return new SyncCounters(
                true,
                counter(s.path("fetch_bytes")),
                counter(s.path("fetch_errors")),
                counter(s.path("poll_errors")),
                s.path("poll_latency").path("avgcount").asLong(0),
                s.path("poll_latency").path("sum").asDouble(0));
    }

    // plain counters are numbers; "bytes" counters are {avgcount, sum}
    private static long counter(JsonNode n) {
        return n.isObject() ? n.path("sum").asLong(0) : n.asLong(0);
    }

    /**
     * One gateway's data sync counters for one source zone, since the gateway started.
     *
     * @param present whether the gateway reports them at all
     * @param fetchBytes bytes fetched from the source
     * @param fetchErrors failed fetches
     * @param pollErrors failed polls of the source's data log
     * @param polls polls of the source's data log
     * @param pollSeconds total time of those polls
     */
    public record SyncCounters(
            boolean present, long fetchBytes, long fetchErrors, long pollErrors, long polls, double pollSeconds) {
        static final SyncCounters NONE = new SyncCounters(false, 0, 0, 0, 0, 0);
    }
}
