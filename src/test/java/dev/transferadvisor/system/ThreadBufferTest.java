package dev.transferadvisor.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.junit.jupiter.api.Test;

class ThreadBufferTest {

    @Test
    void anOrdinaryBufferIsKeptAndComesBackEmpty() {
        ThreadBuffer.Local local = new ThreadBuffer.Local(16);
        ThreadBuffer first;
        try (ThreadBuffer buffer = local.take()) {
            buffer.writeBytes(new byte[100_000]);
            first = buffer;
        }
        try (ThreadBuffer again = local.take()) {
            assertThat(again).isSameAs(first);
            assertThat(again.size()).isZero();
        }
    }

    @Test
    void aBufferGrownPastTheKeptSizeIsDroppedAfterUse() {
        ThreadBuffer.Local local = new ThreadBuffer.Local(16);
        ThreadBuffer huge;
        try (ThreadBuffer buffer = local.take()) {
            buffer.writeBytes(new byte[ThreadBuffer.KEPT + 1]);
            huge = buffer;
        }
        try (ThreadBuffer next = local.take()) {
            assertThat(next).isNotSameAs(huge);
        }
    }

    @Test
    void eachUseHasABufferOfItsOwn() {
        try (ThreadBuffer one = new ThreadBuffer.Local(16).take(); ThreadBuffer other = new ThreadBuffer.Local(16).take()) {
            assertThat(one).isNotSameAs(other);
        }
    }

    @Test
    void deflatingGrowsTheBufferAsFarAsTheOutputNeeds() throws Exception {
        byte[] input = new byte[50_000];
        new Random(7).nextBytes(input); // random bytes do not shrink: the output outgrows the 8-byte buffer many times
        Deflater deflater = new Deflater();
        deflater.setInput(input);
        deflater.finish();
        byte[] deflated;
        try (ThreadBuffer buffer = new ThreadBuffer.Local(8).take()) {
            buffer.deflate(deflater);
            deflated = buffer.toByteArray();
        } finally {
            deflater.end();
        }
        Inflater inflater = new Inflater();
        inflater.setInput(deflated);
        byte[] back = new byte[input.length];
        assertThat(inflater.inflate(back)).isEqualTo(input.length);
        assertThat(inflater.finished()).isTrue();
        inflater.end();
        assertThat(back).isEqualTo(input);
    }
}
