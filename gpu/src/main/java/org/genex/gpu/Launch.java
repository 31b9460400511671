package org.genex.gpu;

/**
 * Launch geometry. Elementwise kernels use grid-stride loops, so a grid never needs more blocks than keep the
 * device busy: {@link #blocks} caps the grid at {@link #MAX_BLOCKS}; row kernels use one block per row (also
 * capped, the kernels loop) with a power-of-two block no wider than the row.
 */
public final class Launch {
    /** Threads per block of the elementwise kernels. */
    public static final int THREADS = 256;
    /** Enough blocks to fill any current GPU many times over (132 SMs x 16 resident blocks x 30). */
    public static final int MAX_BLOCKS = 65_535;

    private Launch() {}

    /** Blocks of {@code threads} threads for {@code n} work items (at least 1, at most {@link #MAX_BLOCKS}). */
    public static int blocks(long n, int threads) {
        if (n <= 0) return 1;
        return (int) Math.min(MAX_BLOCKS, (n + threads - 1) / threads);
    }

    /** Blocks for one block per row. */
    public static int rowBlocks(long rows) { return (int) Math.max(1, Math.min(MAX_BLOCKS, rows)); }

    /**
     * Threads per block for a row of {@code len} elements: a power of two in [32, 256] (the kernels' shared buffers
     * hold 256 entries and their tree reductions need a power of two).
     */
    public static int rowThreads(long len) {
        int t = 32;
        while (t < 256 && t < len) t <<= 1;
        return t;
    }
}
