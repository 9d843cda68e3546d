package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.CopyRules.Decision;
import io.syncmeter.sync.internal.CopyRules.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The copy rules in a model of active/active sites: random writes and deletes of one key at two or
 * three sites in a full mesh, changes applied in any interleaving across sites (in order per site, as
 * a partition keeps them) while the writes go on, then drained; operations at one site as close as
 * they come, at different sites in different seconds. Whatever the order: the replication ends (no
 * ping-pong), every site holds the same state, and a last operation later (by whole seconds) than all
 * others is that state.
 */
class CopyRulesPropertyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A user action at a site, {@code pauseMillis} after the previous one; {@code steps} changes applied then. */
    record Action(int site, boolean delete, int pauseMillis, int steps) {}

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3).map(n -> n == 0),
                        Arbitraries.integers().between(0, 1500),
                        Arbitraries.integers().between(0, 4))
                .as(Action::new);
        return action.list().ofMinSize(1).ofMaxSize(12);
    }

    @Property(tries = 2000)
    void shouldConvergeToOneStateWithoutPingPong(
            @ForAll("actions") List<Action> actions,
            @ForAll @IntRange(min = 2, max = 3) int siteCount,
            @ForAll long seed) {
        Model model = new Model(siteCount, new Random(seed));
        Instant lastOp = null;
        Instant beforeLast = null;
        Optional<String> last = Optional.empty();
        int n = 0;
        String previousSite = null;
        for (Action a : actions) {
            String site = model.sites.get(a.site() % siteCount);
            if (previousSite != null && !site.equals(previousSite)) {
                // writes at two sites within one second cannot be ordered by S3's whole-second times
                // (CopyRules' stated limit): operations at different sites are a second apart or more
                model.now = seconds(model.now).plusSeconds(1).plusMillis(a.pauseMillis() % 1000);
            } else {
                model.now = model.now.plusMillis(a.pauseMillis());
            }
            previousSite = site;
            if (a.delete()) {
                model.userDelete(site);
                last = Optional.empty();
            } else {
                model.userWrite(site, "v" + n);
                last = Optional.of("v" + n);
            }
            n++;
            beforeLast = lastOp;
            lastOp = model.now;
            for (int i = 0; i < a.steps(); i++) {
                model.stepAny();
            }
        }

        int steps = model.drain(10_000);

        assertThat(steps)
                .as("changes applied until quiet (ping-pong never ends)")
                .isLessThan(10_000);
        List<Optional<String>> states =
                model.sites.stream().map(model::state).distinct().toList();
        assertThat(states)
                .as("every site holds the same state; trace:%n%s", String.join("\n", model.trace))
                .hasSize(1);
        if (beforeLast == null || seconds(lastOp).isAfter(seconds(beforeLast))) {
            assertThat(states.get(0))
                    .as("the last operation wins; trace:%n%s", String.join("\n", model.trace))
                    .isEqualTo(last);
        }
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    /** One key at each site, S3-like: whole-second Last-Modified, a notification per write and delete. */
    static final class Model {
        record Obj(String etag, Map<String, String> metadata, Instant lastModified) {}

        record Change(ObjectChange.Kind kind, String etag, Instant at) {}

        final List<String> sites = new ArrayList<>();
        final Map<String, Obj> objects = new HashMap<>();
        final Map<String, ArrayDeque<Change>> changes = new HashMap<>();
        final Random random;
        final List<String> trace = new ArrayList<>();
        Instant now = T0;

        Model(int siteCount, Random random) {
            this.random = random;
            for (int i = 0; i < siteCount; i++) {
                String s = "dc" + (i + 1);
                sites.add(s);
                changes.put(s, new ArrayDeque<>());
            }
        }

        Optional<String> state(String site) {
            return Optional.ofNullable(objects.get(site)).map(Obj::etag);
        }

        void userWrite(String site, String content) {
            trace.add(now + " user writes " + content + " at " + site);
            put(site, new Obj(content, Map.of(), now));
        }

        void userDelete(String site) {
            trace.add(now + " user deletes at " + site);
            objects.remove(site);
            // S3 announces a delete even of a key it does not hold
            changes.get(site).add(new Change(ObjectChange.Kind.REMOVED, null, now));
        }

        private void put(String site, Obj o) {
            objects.put(site, new Obj(o.etag(), o.metadata(), now.truncatedTo(ChronoUnit.SECONDS)));
            changes.get(site).add(new Change(ObjectChange.Kind.CREATED, o.etag(), now));
        }

        /** Applies the next change of a random site that has one; false when none has. */
        boolean stepAny() {
            List<String> busy =
                    sites.stream().filter(s -> !changes.get(s).isEmpty()).toList();
            if (busy.isEmpty()) {
                return false;
            }
            String source = busy.get(random.nextInt(busy.size()));
            Change c = changes.get(source).poll();
            now = now.plusMillis(random.nextInt(300));
            // a full mesh: an echo goes nowhere (the site it came from reaches every site itself)
            if (ownWrites.consume(source, "k", c.etag(), c.at(), now).isPresent()) {
                trace.add(now + " echo of our " + c.kind() + " at " + source);
                return true;
            }
            for (String target : sites) {
                if (!target.equals(source)) {
                    apply(source, target, c);
                }
            }
            return true;
        }

        int drain(int bound) {
            int steps = 0;
            while (steps < bound && stepAny()) {
                steps++;
            }
            return steps;
        }

        // the flow of ObjectCopier, on the model's sites
        final OwnWrites ownWrites = new OwnWrites(java.time.Duration.ofMinutes(5), java.time.Duration.ZERO, 1000);

        private void apply(String source, String target, Change c) {
            if (applyOnce(source, target, c) == Decision.SUPERSEDED) {
                // the target's version wins: it goes back to the source (the engine's reverse pass)
                applyOnce(target, source, new Change(ObjectChange.Kind.CREATED, null, null));
            }
        }

        private Decision applyOnce(String source, String target, Change c) {
            ObjectChange change = new ObjectChange(source, "b", "k", c.kind(), c.etag(), c.at());
            Optional<Version> tgt = version(target);
            if (CopyRules.beforeRead(change, tgt) == Decision.UP_TO_DATE) {
                return Decision.UP_TO_DATE;
            }
            Optional<Version> src = version(source);
            Instant removedAt = c.kind() == ObjectChange.Kind.REMOVED ? c.at() : null;
            Decision d = CopyRules.decide(source, target, src, tgt, removedAt, origin -> !origin.equals(target));
            if (src.isPresent() && CopyRules.resurrected(src.get(), removedAt)) {
                objects.remove(source);
                ownWrites.record(source, "k", null, target, now);
                changes.get(source).add(new Change(ObjectChange.Kind.REMOVED, null, now));
            }
            trace.add(now + " " + source + "->" + target + " " + c + " src=" + src + " tgt=" + tgt + ": " + d);
            switch (d) {
                case COPY -> {
                    Obj o = objects.get(source);
                    put(target, new Obj(o.etag(), CopyRules.copyMetadata(source, src.get(), o.metadata()), now));
                    ownWrites.record(target, "k", o.etag(), source, now);
                }
                case DELETE -> {
                    objects.remove(target);
                    ownWrites.record(target, "k", null, source, now);
                    changes.get(target).add(new Change(ObjectChange.Kind.REMOVED, null, now));
                }
                default -> {}
            }
            return d;
        }

        private Optional<Version> version(String site) {
            Obj o = objects.get(site);
            return o == null
                    ? Optional.empty()
                    : Optional.of(Version.of(site, o.etag(), o.metadata(), o.lastModified()));
        }
    }
}
