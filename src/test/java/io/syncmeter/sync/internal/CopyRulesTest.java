package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.sync.internal.CopyRules.Decision;
import io.syncmeter.sync.internal.CopyRules.Version;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class CopyRulesTest {

    private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");
    private static final Predicate<String> MESH = origin -> true;

    private static Optional<Version> original(String site, String etag, Instant at) {
        return Optional.of(Version.of(site, etag, Map.of(), at));
    }

    private static Optional<Version> copy(String at, String from, Version of, Instant when) {
        return Optional.of(Version.of(at, of.etag(), CopyRules.copyMetadata(from, of, Map.of()), when));
    }

    @Test
    void shouldEndAtTheTargetWhenItHoldsTheAnnouncedEtag() {
        ObjectChange put = new ObjectChange("dc1", "b", "k", ObjectChange.Kind.CREATED, "e1", T);
        assertThat(CopyRules.beforeRead(put, original("dc2", "e1", T))).isEqualTo(Decision.UP_TO_DATE);
        assertThat(CopyRules.beforeRead(put, original("dc2", "e0", T))).isEqualTo(Decision.READ_SOURCE);
        assertThat(CopyRules.beforeRead(put, Optional.empty())).isEqualTo(Decision.READ_SOURCE);
        ObjectChange removal = new ObjectChange("dc1", "b", "k", ObjectChange.Kind.REMOVED, null, T);
        assertThat(CopyRules.beforeRead(removal, Optional.empty())).isEqualTo(Decision.UP_TO_DATE);
    }

    @Test
    void shouldNotSendBackOrPassOnACopyInAMesh() {
        Version v = original("dc1", "e1", T).orElseThrow();
        Optional<Version> atDc2 = copy("dc2", "dc1", v, T.plusSeconds(1));
        // dc2 -> dc1: the echo of our own copy
        assertThat(CopyRules.decide("dc2", "dc1", atDc2, Optional.empty(), null, MESH))
                .isEqualTo(Decision.ECHO);
        // dc2 -> dc3 where dc1 replicates to dc3 itself: not ours to pass on
        assertThat(CopyRules.decide("dc2", "dc3", atDc2, Optional.empty(), null, MESH))
                .isEqualTo(Decision.ECHO);
        // a chain: dc1 does not replicate to dc3, so dc2 passes it on
        assertThat(CopyRules.decide("dc2", "dc3", atDc2, Optional.empty(), null, origin -> false))
                .isEqualTo(Decision.COPY);
    }

    @Test
    void shouldLetTheLaterWriteWinAConflictAndTheGreaterSiteATie() {
        Optional<Version> older = original("dc1", "e1", T);
        Optional<Version> newer = original("dc2", "e2", T.plusSeconds(3));
        assertThat(CopyRules.decide("dc1", "dc2", older, newer, null, MESH)).isEqualTo(Decision.SUPERSEDED);
        assertThat(CopyRules.decide("dc2", "dc1", newer, older, null, MESH)).isEqualTo(Decision.COPY);

        Optional<Version> sameSecondDc1 = original("dc1", "e1", T.plusMillis(900));
        Optional<Version> sameSecondDc2 = original("dc2", "e2", T.plusMillis(100));
        assertThat(CopyRules.decide("dc2", "dc1", sameSecondDc2, sameSecondDc1, null, MESH))
                .isEqualTo(Decision.COPY);
        assertThat(CopyRules.decide("dc1", "dc2", sameSecondDc1, sameSecondDc2, null, MESH))
                .isEqualTo(Decision.SUPERSEDED);
    }

    @Test
    void shouldReplaceAnOlderCopyOfTheSourcesOwnObjectWhateverTheTimes() {
        Version v1 = original("dc1", "e1", T).orElseThrow();
        Optional<Version> copyAtDc2 = copy("dc2", "dc1", v1, T.plusSeconds(5));
        // the source's clock went back: its own newer write still replaces its older one
        assertThat(CopyRules.decide("dc1", "dc2", original("dc1", "e2", T.minusSeconds(30)), copyAtDc2, null, MESH))
                .isEqualTo(Decision.COPY);
    }

    @Test
    void shouldDeleteWhatTheSourceRemovedButKeepANewerWriteAtTheTarget() {
        Version v1 = original("dc1", "e1", T).orElseThrow();
        Instant removed = T.plusSeconds(10);
        assertThat(CopyRules.decide("dc1", "dc2", Optional.empty(), copy("dc2", "dc1", v1, T), removed, MESH))
                .as("the target's copy of the removed object")
                .isEqualTo(Decision.DELETE);
        assertThat(CopyRules.decide(
                        "dc1", "dc2", Optional.empty(), original("dc2", "e9", T.plusSeconds(20)), removed, MESH))
                .as("written at the target after the removal")
                .isEqualTo(Decision.SUPERSEDED);
        assertThat(CopyRules.decide(
                        "dc1", "dc2", Optional.empty(), original("dc2", "e9", T.plusSeconds(5)), removed, MESH))
                .as("written at the target before the removal")
                .isEqualTo(Decision.DELETE);
        assertThat(CopyRules.decide("dc1", "dc2", Optional.empty(), original("dc2", "e9", T), null, MESH))
                .as("a write whose object is gone since: its removal's own change decides")
                .isEqualTo(Decision.SUPERSEDED);
        assertThat(CopyRules.decide("dc1", "dc2", Optional.empty(), Optional.empty(), removed, MESH))
                .isEqualTo(Decision.UP_TO_DATE);
    }

    @Test
    void shouldTreatACopyOlderThanTheRemovalAtTheSourceAsAResurrection() {
        Version atDc2 = original("dc2", "e2", T).orElseThrow();
        // dc1 removed the key at T+10 s; our copy of dc2's older version landed at dc1 afterwards
        Optional<Version> landed = copy("dc1", "dc2", atDc2, T.plusSeconds(11));
        Instant removed = T.plusSeconds(10);
        assertThat(CopyRules.resurrected(landed.orElseThrow(), removed)).isTrue();
        assertThat(CopyRules.decide("dc1", "dc2", landed, Optional.of(atDc2), removed, MESH))
                .isEqualTo(Decision.DELETE);
        // a copy of a version newer than the removal is no resurrection
        Version newer = original("dc2", "e3", T.plusSeconds(12)).orElseThrow();
        assertThat(CopyRules.resurrected(
                        copy("dc1", "dc2", newer, T.plusSeconds(13)).orElseThrow(), removed))
                .isFalse();
        assertThat(CopyRules.resurrected(landed.orElseThrow(), null)).isFalse();
    }

    @Test
    void shouldRecordTheOriginOnACopyAndKeepItAcrossCopies() {
        Version v = original("dc1", "e1", T.plusMillis(300)).orElseThrow();
        Version second = copy("dc2", "dc1", v, T.plusSeconds(4)).orElseThrow();
        Version third = copy("dc3", "dc2", second, T.plusSeconds(8)).orElseThrow();

        assertThat(third.originSite()).isEqualTo("dc1");
        assertThat(third.originTime()).isEqualTo(T.plusMillis(300));
        assertThat(third.copiedFrom()).isEqualTo("dc2");
        assertThat(third.holds("\"e1\"")).isTrue();
        // a copy made before origins were recorded counts as originating where it came from
        Version legacy = Version.of("dc2", "e1", Map.of(ObjectCopier.SOURCE_SITE, "dc1"), T);
        assertThat(legacy.originSite()).isEqualTo("dc1");
        Version garbled = Version.of("dc2", "e1", Map.of(CopyRules.ORIGIN_TIME, "yesterday"), T);
        assertThat(garbled.originTime()).isEqualTo(T);
    }
}
