package dev.transferadvisor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import io.vertx.core.http.HttpClosedException;

class ProblemMappersTest {

    @Test
    void aConnectionClosedWhileTheBodyWasReadIsTheClientsDoingNotAFaultOfTheService() {
        // as Quarkus REST hands them over when a client stops mid-upload
        assertThat(ProblemMappers.clientWentAway(new IOException(new IOException(new HttpClosedException("Connection was closed"))))).isTrue();
        assertThat(ProblemMappers.clientWentAway(new IOException(new ClosedChannelException()))).isTrue();
    }

    @Test
    void otherFailuresStayUnexpected() {
        assertThat(ProblemMappers.clientWentAway(new IOException("No space left on device"))).isFalse();
        assertThat(ProblemMappers.clientWentAway(new IllegalStateException(new IOException("broken pipe")))).isFalse();
    }
}
