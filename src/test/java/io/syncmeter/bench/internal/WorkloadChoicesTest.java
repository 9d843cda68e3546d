package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.syncmeter.bench.WorkloadProfile.Mix;
import io.syncmeter.bench.WorkloadProfile.ObjectSize;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WorkloadChoicesTest {

    private static final int DRAWS = 100_000;
    private static final Mix MIX = new Mix(50, 30, 10, 5, 4, 1);

    @Test
    void shouldPickEachOperationWithItsWeightsShare() {
        WorkloadChoices choices = new WorkloadChoices(MIX, new ObjectSize.Fixed(1), 42);
        Map<Operation, Integer> counts = new EnumMap<>(Operation.class);
        for (long s = 0; s < DRAWS; s++) {
            counts.merge(choices.choose(s).operation(), 1, Integer::sum);
        }

        for (Operation o : Operation.values()) {
            double expected = (double) MIX.weight(o) / MIX.total();
            // 5 standard deviations of a binomial share: fails by chance about once in 3.5 million
            double tolerance = 5 * Math.sqrt(expected * (1 - expected) / DRAWS);
            assertThat(counts.getOrDefault(o, 0) / (double) DRAWS).as("%s", o).isCloseTo(expected, within(tolerance));
        }
    }

    @Test
    void shouldNeverPickAnOperationOfWeightZero() {
        WorkloadChoices choices = new WorkloadChoices(new Mix(0, 1, 0, 0, 0, 1), new ObjectSize.Fixed(1), 7);

        assertThat(LongStream.range(0, 10_000).mapToObj(s -> choices.choose(s).operation()))
                .containsOnly(Operation.GET, Operation.MULTIPART_PUT);
    }

    @Test
    void shouldMakeTheSameChoicesForTheSameSeedAndSequenceInAnyOrder() {
        WorkloadChoices a = new WorkloadChoices(MIX, new ObjectSize.Uniform(1, 1 << 20), 99);
        WorkloadChoices b = new WorkloadChoices(MIX, new ObjectSize.Uniform(1, 1 << 20), 99);

        List<WorkloadChoices.Choice> forward =
                LongStream.range(0, 1000).mapToObj(a::choose).toList();
        List<WorkloadChoices.Choice> backward = new ArrayList<>();
        for (long s = 999; s >= 0; s--) {
            backward.add(0, b.choose(s));
        }

        assertThat(backward).containsExactlyElementsOf(forward);
    }

    @Test
    void shouldMakeOtherChoicesForAnotherSeed() {
        WorkloadChoices a = new WorkloadChoices(MIX, new ObjectSize.Uniform(1, 1 << 20), 1);
        WorkloadChoices b = new WorkloadChoices(MIX, new ObjectSize.Uniform(1, 1 << 20), 2);

        assertThat(LongStream.range(0, 100).mapToObj(a::choose).toList())
                .isNotEqualTo(LongStream.range(0, 100).mapToObj(b::choose).toList());
    }

    @Test
    void shouldDrawUniformSizesWithinTheBoundsAndReachBoth() {
        long[] sizes = sizes(new ObjectSize.Uniform(10, 20));

        assertThat(LongStream.of(sizes).min().orElseThrow()).isEqualTo(10);
        assertThat(LongStream.of(sizes).max().orElseThrow()).isEqualTo(20);
        assertThat(LongStream.of(sizes).average().orElseThrow()).isCloseTo(15, within(0.1));
    }

    @Test
    void shouldDrawLogUniformSizesWithinTheBoundsEvenlyPerDecade() {
        long[] sizes = sizes(new ObjectSize.LogUniform(1, 999_999));

        assertThat(LongStream.of(sizes).min().orElseThrow()).isGreaterThanOrEqualTo(1);
        assertThat(LongStream.of(sizes).max().orElseThrow()).isLessThanOrEqualTo(999_999);
        // six decades: each holds a sixth of the draws
        for (long low = 1; low < 1_000_000; low *= 10) {
            long from = low;
            long inDecade =
                    LongStream.of(sizes).filter(s -> s >= from && s < from * 10).count();
            assertThat(inDecade / (double) DRAWS).as("[%d, %d)", low, low * 10).isCloseTo(1 / 6.0, within(0.01));
        }
    }

    @Test
    void shouldDrawWeightedSizesOnlyFromTheListByTheirWeights() {
        long[] sizes = sizes(new ObjectSize.Weighted(
                List.of(new ObjectSize.WeightedSize(100, 3), new ObjectSize.WeightedSize(5000, 1))));

        assertThat(LongStream.of(sizes).boxed()).containsOnly(100L, 5000L);
        assertThat(LongStream.of(sizes).filter(s -> s == 100).count() / (double) DRAWS)
                .isCloseTo(0.75, within(0.01));
    }

    @Test
    void shouldDrawTheFixedSize() {
        assertThat(LongStream.of(sizes(new ObjectSize.Fixed(4096))).boxed()).containsOnly(4096L);
    }

    @Test
    void shouldDrawKeyDrawsInTheUnitInterval() {
        WorkloadChoices choices = new WorkloadChoices(MIX, new ObjectSize.Fixed(1), 3);

        assertThat(LongStream.range(0, DRAWS).mapToDouble(s -> choices.choose(s).keyDraw()))
                .allSatisfy(u -> assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1));
    }

    private static long[] sizes(ObjectSize size) {
        WorkloadChoices choices = new WorkloadChoices(MIX, size, 5);
        return LongStream.range(0, DRAWS).map(s -> choices.choose(s).size()).toArray();
    }
}
