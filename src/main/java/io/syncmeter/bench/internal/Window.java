package io.syncmeter.bench.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The measurement window of copies counted by the copier itself: it opens when the count crosses
 * {@code from} and closes when it crosses {@code to}. Each crossing is interpolated linearly between the
 * two samples around it, for the time and for every CPU and request count, so the sampling interval
 * does not round the window. Single-threaded.
 */
public final class Window {

    /** One look at the copiers: copies and S3 requests they counted, their CPU and the servers'. */
    public record Sample(long nanos, double copied, double requests, Duration cpu, Duration serversCpu) {}

    private final double from;
    private final double to;
    private final List<Sample> samples = new ArrayList<>();

    public Window(double from, double to) {
        this.from = from;
        this.to = to;
    }

    public void sample(Sample s) {
        samples.add(s);
    }

    public boolean closed() {
        return last() >= to;
    }

    /** The latest count; 0 before the first sample. */
    public double last() {
        return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).copied();
    }

    /** The window's figures; only once {@link #closed()}. */
    public CopyReport.Copy result(String copier, int concurrency, int workers, boolean complete) {
        if (!closed()) {
            throw new IllegalStateException("the window is still open at " + last() + " of " + to);
        }
        Point a = at(from);
        Point b = at(to);
        double copies = to - from;
        return new CopyReport.Copy(
                copier,
                concurrency,
                workers,
                (long) copies,
                copies / ((b.nanos() - a.nanos()) / 1e9),
                (b.cpuSeconds() - a.cpuSeconds()) / copies * 1000,
                (b.serversCpuSeconds() - a.serversCpuSeconds()) / copies * 1000,
                (b.requests() - a.requests()) / copies,
                complete);
    }

    /** The figures where the count crossed a value, between two samples. */
    private record Point(double nanos, double cpuSeconds, double serversCpuSeconds, double requests) {}

    private Point at(double x) {
        int after = 0;
        while (samples.get(after).copied() < x) {
            after++;
        }
        Sample hi = samples.get(after);
        Sample lo = hi;
        for (int i = after; i >= 0; i--) {
            lo = samples.get(i);
            if (lo.copied() <= x) {
                break;
            }
        }
        double f = hi.copied() == lo.copied() ? 0 : (x - lo.copied()) / (hi.copied() - lo.copied());
        return new Point(
                between(lo.nanos(), hi.nanos(), f),
                between(seconds(lo.cpu()), seconds(hi.cpu()), f),
                between(seconds(lo.serversCpu()), seconds(hi.serversCpu()), f),
                between(lo.requests(), hi.requests(), f));
    }

    private static double between(double lo, double hi, double f) {
        return lo + (hi - lo) * f;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
