package io.syncmeter.sync;

import io.syncmeter.process.HelpOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code resync} command: asks a running syncmeter for a full sync ({@code POST /api/sync/resync})
 * and, with {@code --wait}, follows it to its end. Plain Java: it starts nothing itself. Prints the
 * run's JSON report. Exit status 0 when started (or, with {@code --wait}, done), 1 when the service
 * refused, failed or could not be reached, 2 on bad usage.
 */
@Command(
        name = "resync",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Asks a running syncmeter for a full sync: it lists both sides of every direction and syncs each"
                    + " key that differs. Prints the run as JSON."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:started (with --wait: done)",
            "1:refused, failed, or the service could not be reached",
            "2:bad usage"
        })
public final class ResyncCommand implements Callable<Integer> {

    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern DETAIL = Pattern.compile("\"detail\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The service (default: ${DEFAULT-VALUE}).",
            defaultValue = "http://127.0.0.1:8080")
    URI url;

    @Option(names = "--direction", paramLabel = "SOURCE->TARGET", description = "Only this direction.")
    String direction;

    @Option(names = "--prefix", paramLabel = "PREFIX", description = "Only keys under this prefix.")
    String prefix;

    @Option(names = "--wait", description = "Follow the run until it is done, then print it.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            description = "With --wait, give up after this long (default: ${DEFAULT-VALUE}).",
            defaultValue = "3600")
    long timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (timeoutSeconds < 1) {
            err.println("resync: --timeout must be at least 1 second, was " + timeoutSeconds);
            return 2;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI endpoint = url.resolve("/api/sync/resync");
        List<String> query = new ArrayList<>();
        if (direction != null) {
            query.add("direction=" + URLEncoder.encode(direction, StandardCharsets.UTF_8));
        }
        if (prefix != null) {
            query.add("prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> started = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(endpoint + (query.isEmpty() ? "" : "?" + String.join("&", query))))
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                err.println("resync: the service answered " + started.statusCode() + ": " + detail(started.body()));
                return 1;
            }
            String report = started.body();
            Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
            while (await && "RUNNING".equals(state(report))) {
                if (Instant.now().isAfter(deadline)) {
                    err.println("resync: still running after " + timeoutSeconds + " s");
                    out.println(report);
                    return 1;
                }
                Thread.sleep(1000);
                report = http.send(
                                HttpRequest.newBuilder(endpoint)
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
            }
            out.println(report);
            return "FAILED".equals(state(report)) ? 1 : 0;
        } catch (IOException e) {
            err.println("resync: could not reach " + endpoint + ": " + e);
            return 1;
        }
    }

    private static String state(String json) {
        Matcher m = STATE.matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String detail(String json) {
        Matcher m = DETAIL.matcher(json);
        return m.find() ? m.group(1) : json;
    }
}
