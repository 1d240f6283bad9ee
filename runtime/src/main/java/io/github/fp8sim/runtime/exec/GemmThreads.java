package io.github.fp8sim.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Host threads that share the rows of a large GEMM. The rows are split into contiguous ranges, one a
 * thread; each output element is computed whole by one thread in the array's order over k, so no sum
 * is reordered and the bits do not depend on the thread count (rule 1 of the house). Small GEMMs run on
 * the caller, where handing them over would cost more than it saves.
 */
public final class GemmThreads implements AutoCloseable {

    /** Everything on the calling thread. */
    public static final GemmThreads SERIAL = new GemmThreads(1);

    /** Below this many MACs a GEMM is not split. */
    static final long MIN_PARALLEL_MACS = 1L << 20;

    /** A range of rows [r0, r0 + rows) of one GEMM. */
    @FunctionalInterface
    public interface RowRange {
        void run(int r0, int rows);
    }

    private final int threads;
    private final ExecutorService pool;

    private GemmThreads(int threads) {
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "fp8sim-gemm");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code threads} host threads (the caller is one of them). */
    public static GemmThreads of(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        return threads == 1 ? SERIAL : new GemmThreads(threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code body} over [0, rows) in contiguous ranges, in parallel when the GEMM is large. */
    public void forRows(int rows, long macs, RowRange body) {
        int parts = (int) Math.min(threads, rows);
        if (parts <= 1 || macs < MIN_PARALLEL_MACS) {
            body.run(0, rows);
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        int per = Math.ceilDiv(rows, parts);
        for (int r0 = per; r0 < rows; r0 += per) {
            int start = r0;
            int n = Math.min(per, rows - r0);
            futures.add(pool.submit(() -> body.run(start, n)));
        }
        body.run(0, Math.min(per, rows));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for GEMM rows", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
