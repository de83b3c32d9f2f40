package dev.transferadvisor.system;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * A byte buffer a thread keeps for building something it then copies out at its exact size (an answer's JSON, a
 * record's compressed text): under load the streams and chunks this replaced were a quarter of the service's
 * allocation (README Performance). Each use has its own {@link Local}, so one use cannot overwrite another's bytes
 * halfway; a buffer grown past {@value #KEPT} bytes by an unusually large payload is dropped after that use, so a
 * thread keeps at most one ordinary buffer per use.
 */
public final class ThreadBuffer extends ByteArrayOutputStream {

    static final int KEPT = 256 * 1024;

    private final Local owner;

    private ThreadBuffer(Local owner, int size) {
        super(size);
        this.owner = owner;
    }

    /** One use's buffers, one per thread. */
    public static final class Local {

        private final int initial;
        private final ThreadLocal<ThreadBuffer> buffers;

        public Local(int initial) {
            this.initial = initial;
            this.buffers = ThreadLocal.withInitial(() -> new ThreadBuffer(this, initial));
        }

        /** The calling thread's buffer, empty; {@link ThreadBuffer#close() close} it when its bytes are copied out. */
        public ThreadBuffer take() {
            ThreadBuffer buffer = buffers.get();
            buffer.reset();
            return buffer;
        }
    }

    /** Appends what the deflater yields until it has finished (its input set and {@code finish()}ed). */
    public void deflate(Deflater deflater) {
        while (!deflater.finished()) {
            if (count == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            count += deflater.deflate(buf, count, buf.length - count);
        }
    }

    /** Writes into the buffer's own array, past its bytes so far. */
    @FunctionalInterface
    public interface Filler {
        /** Writes at most {@code length} bytes from {@code offset} of {@code array}; returns how many it wrote. */
        int fill(byte[] array, int offset, int length);
    }

    /** Appends what {@code filler} writes, with at least {@code room} bytes free for it (a compressor's bound). */
    public void fill(int room, Filler filler) {
        if (buf.length - count < room) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + room));
        }
        count += filler.fill(buf, count, buf.length - count);
    }

    /** Done with the bytes: a buffer grown past {@value #KEPT} bytes is replaced by a new one of the initial size. */
    @Override
    public void close() {
        if (buf.length > KEPT) {
            owner.buffers.set(new ThreadBuffer(owner, owner.initial));
        }
    }
}
