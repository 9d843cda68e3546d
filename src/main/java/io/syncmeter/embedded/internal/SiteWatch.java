package io.syncmeter.embedded.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches that every in-process S3 site's server is still running (a read of its state, once per
 * interval) and reports the first one that is not, once; a site whose server has stopped serves
 * nobody, and nothing else in the process would notice.
 *
 * <p>Lifecycle: watches from construction until {@link #close()} (idempotent), which waits for a
 * check in progress; close it before stopping the sites on purpose. Owns one daemon thread, on which
 * the report is made.
 */
public final class SiteWatch implements AutoCloseable {

    /** Receives the fault. */
    @FunctionalInterface
    public interface Fault {
        /** The site's server is in {@code state}, not {@code STARTED}. */
        void stopped(InProcessS3Site site, String state);
    }

    private final List<InProcessS3Site> sites;
    private final Fault fault;
    private final ScheduledExecutorService scheduler;
    private boolean reported;

    /** Starts watching these sites every {@code interval}. */
    public SiteWatch(List<InProcessS3Site> sites, Duration interval, Fault fault) {
        this.sites = List.copyOf(sites);
        this.fault = fault;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-site-watch");
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        scheduler.scheduleWithFixedDelay(this::check, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        if (reported) {
            return;
        }
        for (InProcessS3Site site : sites) {
            String state = site.serverState();
            if (!InProcessS3Site.RUNNING.equals(state)) {
                reported = true;
                fault.stopped(site, state);
                return;
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
