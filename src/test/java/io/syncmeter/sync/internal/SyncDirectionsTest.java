package io.syncmeter.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncDirectionsTest {

    private static final List<String> SITES = List.of("dc1", "dc2", "dc3");

    @Test
    void shouldDefaultToEveryOrderedPairOfSites() {
        assertThat(SyncDirections.resolve(Optional.empty(), SITES))
                .containsExactly(
                        new Direction("dc1", "dc2"),
                        new Direction("dc1", "dc3"),
                        new Direction("dc2", "dc1"),
                        new Direction("dc2", "dc3"),
                        new Direction("dc3", "dc1"),
                        new Direction("dc3", "dc2"));
    }

    @Test
    void shouldResolveConfiguredDirectionsInOrderIgnoringSpaces() {
        assertThat(SyncDirections.resolve(Optional.of(List.of("dc2->dc1", " dc1 -> dc3 ")), SITES))
                .containsExactly(new Direction("dc2", "dc1"), new Direction("dc1", "dc3"));
    }

    @Test
    void shouldRejectUnknownSiteNamingTheKey() {
        assertThatThrownBy(() -> SyncDirections.resolve(Optional.of(List.of("dc1->dc9")), SITES))
                .isInstanceOf(InvalidSyncConfigurationException.class)
                .hasMessageContaining("syncmeter.sync.directions")
                .hasMessageContaining("unknown site 'dc9'");
    }

    @Test
    void shouldRejectMalformedDirectionsNamingTheKey() {
        for (String bad : List.of("dc1", "dc1->", "->dc2", "dc1->dc2->dc3", "dc1=>dc2", "dc1->dc1")) {
            assertThatThrownBy(() -> SyncDirections.resolve(Optional.of(List.of(bad)), SITES))
                    .as(bad)
                    .isInstanceOf(InvalidSyncConfigurationException.class)
                    .hasMessageContaining("syncmeter.sync.directions: '" + bad + "' is not of the form");
        }
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThatThrownBy(
                        () -> SyncDirections.resolve(Optional.of(List.of("x", "dc1->dc2", "dc1->dc2", "a->b")), SITES))
                .isInstanceOfSatisfying(
                        InvalidSyncConfigurationException.class,
                        e -> assertThat(e.problems())
                                .hasSize(4)
                                .allMatch(p -> p.startsWith("syncmeter.sync.directions: ")));
    }

    @Test
    void shouldMatchEveryKeyWithoutPrefixes() {
        KeyFilter all = SyncDirections.keyFilter(Optional.empty());

        assertThat(all.matches("anything/at/all")).isTrue();
        assertThat(all.matches("")).isTrue();
    }

    @Test
    void shouldMatchOnlyConfiguredPrefixes() {
        KeyFilter filter = SyncDirections.keyFilter(Optional.of(List.of("data/", "logs/")));

        assertThat(filter.matches("data/a.txt")).isTrue();
        assertThat(filter.matches("logs/2024/x")).isTrue();
        assertThat(filter.matches("other/data/a.txt")).isFalse();
        assertThat(filter.matches("dat")).isFalse();
    }

    @Test
    void shouldRejectBlankPrefixNamingTheKey() {
        assertThatThrownBy(() -> SyncDirections.keyFilter(Optional.of(List.of("data/", " "))))
                .isInstanceOf(InvalidSyncConfigurationException.class)
                .hasMessageContaining("syncmeter.sync.prefixes");
    }
}
