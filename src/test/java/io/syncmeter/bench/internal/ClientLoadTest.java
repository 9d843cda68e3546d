package io.syncmeter.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.syncmeter.bench.WorkloadProfile;
import io.syncmeter.bench.WorkloadProfile.Operation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientLoadTest {

    @Test
    void shouldMakeAClosedLoopOfOneOperationWithAFixedCount() {
        WorkloadProfile put = ClientLoad.profile(Operation.PUT, 300, 4096, 16);
        assertThat(put.load()).isEqualTo(new WorkloadProfile.Load.ClosedLoop(16));
        assertThat(put.stop()).isEqualTo(new WorkloadProfile.Stop.AfterOperations(300));
        assertThat(put.keys()).isEqualTo(new WorkloadProfile.Keys(300, 0));
        assertThat(put.warmUp()).isEqualTo(Duration.ZERO);
        assertThat(put.autoTerminate()).isEmpty();
        assertThat(put.operations()).isEqualTo(new WorkloadProfile.Mix(1, 0, 0, 0, 0, 0));

        // reads need objects: as many prefilled as are read
        WorkloadProfile get = ClientLoad.profile(Operation.GET, 300, 4096, 4);
        assertThat(get.keys()).isEqualTo(new WorkloadProfile.Keys(300, 300));
        assertThat(get.operations()).isEqualTo(new WorkloadProfile.Mix(0, 1, 0, 0, 0, 0));
    }
}
