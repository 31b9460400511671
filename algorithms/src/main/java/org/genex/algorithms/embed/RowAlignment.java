package org.genex.algorithms.embed;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Where row 0 of a vector table goes in its {@code float[]}, so that rows of a whole number of 64-byte lines start on
 * a line. A row of 32 floats (vector size 17-32 on 16 lanes) that starts on a line spans two lines; one that does not
 * spans three, and its 16-lane loads and stores each cross a line. At 100,000 cells that is a third more lines per
 * row from memory: one-thread skip-gram measured about 1.25x faster with the rows on lines than 16 or 32 bytes off
 * (docs/hypergraph, "Scale").
 *
 * <p>Java gives no array's address, so this uses what the JVM documents about where it puts arrays: G1 (the default
 * collector) allocates an array of more than half a heap region as a humongous object starting at a region boundary
 * (regions are 1-32 MB, so on a line), and {@code -XX:ObjectAlignmentInBytes} of 64 or more puts every object on a
 * line. The array's elements then start {@code ARRAY_FLOAT_BASE_OFFSET} bytes after a line, and row 0 is placed the
 * few floats further that reach the next one. Anywhere else (another collector, a smaller table under G1) the address
 * is unknown and row 0 stays at index 0, as before. Only the placement changes, never the arithmetic: results are the
 * same bits with any offset ({@code SkipGramTest}).
 */
final class RowAlignment {
    static final int LINE_BYTES = 64;
    /** Tables below this many bytes stay at index 0: not humongous for any G1 region size (1 MB at least). */
    private static final long SMALL = 1L << 19;

    private RowAlignment() {}

    /**
     * The index of row 0 (0 to 15) in a float array of {@code rows x stride} floats plus room for the offset; 0 where
     * the array's place in memory is not known or {@code stride} is not a whole number of lines.
     */
    static int offset(long rows, int stride) {
        if (stride % (LINE_BYTES / Float.BYTES) != 0) return 0;
        long bytes = (rows * stride + LINE_BYTES / Float.BYTES) * Float.BYTES;
        if (bytes < SMALL) return 0; // (in the caches anyway)
        return Vm.lineStarted(bytes) ? (LINE_BYTES - Vm.FLOAT_BASE % LINE_BYTES) % LINE_BYTES / Float.BYTES : 0;
    }

    /** What the running JVM says about its heap, read once. */
    private static final class Vm {
        /** The bytes from an array's start to its first float; -1 where unknown (then no placement is known). */
        static final int FLOAT_BASE;
        /** Whether every object starts on a line ({@code -XX:ObjectAlignmentInBytes} a multiple of 64). */
        static final boolean ALL_ON_LINES;
        /** Arrays of more bytes start on a G1 region boundary (humongous); {@code Long.MAX_VALUE} without G1. */
        static final long HUMONGOUS;

        static {
            int base = -1;
            boolean all = false;
            long humongous = Long.MAX_VALUE;
            try {
                // the header size, read from the field's value (the class's memory-access methods are not used)
                int b = Class.forName("sun.misc.Unsafe").getField("ARRAY_FLOAT_BASE_OFFSET").getInt(null);
                HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
                all = Integer.parseInt(hs.getVMOption("ObjectAlignmentInBytes").getValue()) % LINE_BYTES == 0;
                if (Boolean.parseBoolean(hs.getVMOption("UseG1GC").getValue())) {
                    long region = Long.parseLong(hs.getVMOption("G1HeapRegionSize").getValue());
                    if (region > 0) humongous = region / 2;
                }
                base = b;
            } catch (Exception | LinkageError e) { // not HotSpot, or a runtime without these modules: place unknown
                base = -1;
            }
            FLOAT_BASE = base;
            ALL_ON_LINES = all;
            HUMONGOUS = humongous;
        }

        /** Whether an array of {@code bytes} starts on a line. */
        static boolean lineStarted(long bytes) { return FLOAT_BASE >= 0 && (ALL_ON_LINES || bytes > HUMONGOUS); }
    }
}
