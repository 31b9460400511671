package org.genex.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.data.io.H5adBacked;
import org.genex.data.io.H5adReader;
import org.genex.data.io.H5adWriter;
import org.genex.data.pp.Normalize;
import org.genex.tensor.AliasTable;
import org.genex.tensor.CsrMatrix;
import org.genex.tensor.Rng;

/**
 * Reading and normalising a large sparse h5ad, the data module's performance case: seconds and peak heap against
 * the size of the data. Not a JMH suite (one cold read is what a user waits for); scripts/bench.sh data runs it
 * beside anndata (scripts/peers/h5ad_anndata.py) in the same sitting.
 *
 * <pre>
 *   make FILE CELLS GENES NNZ_PER_CELL   write a simulated CSR count matrix as h5ad (uncompressed, as anndata does)
 *   read FILE [REPEATS]                  H5adReader.read, then normalize_total(1e4) and log1p; the first
 *                                        repetition is a cold JVM (what a command-line user waits for), later ones
 *                                        are warm (what an embedding tool sees)
 *   backed FILE ROWS                     the same through H5adBacked, ROWS cells at a time
 * </pre>
 *
 * Peak heap is the sum of the heap pools' peak usage (young and old generations) since the JVM started, or since
 * the start of the repetition for warm ones.
 */
public final class DataReadBench {
    private DataReadBench() {}

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        switch (args.length > 0 ? args[0] : "") {
            case "make" -> make(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "read" -> {
                int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 1;
                for (int r = 1; r <= repeats; r++) read(Path.of(args[1]), r);
            }
            case "backed" -> backed(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> {
                System.err.println("usage: DataReadBench make FILE CELLS GENES NNZ_PER_CELL | read FILE [REPEATS]"
                        + " | backed FILE ROWS");
                System.exit(2);
            }
        }
    }

    /**
     * Cells draw their genes from a Zipf-like popularity (weight 1 / (rank + 10)), repeats summed, with counts
     * 1 + Geometric(0.5) per draw: a UMI-like matrix with realistic gene sparsity. Seed 1.
     */
    static void make(Path file, int cells, int genes, int perCell) {
        long t0 = System.nanoTime();
        double[] w = new double[genes];
        for (int g = 0; g < genes; g++) w[g] = 1.0 / (g + 10);
        Rng rng = Rng.seeded(1);
        AliasTable popular = rng.alias(w);
        int[] indptr = new int[cells + 1];
        int[] indices = new int[Math.multiplyExact(cells, perCell)];
        float[] values = new float[indices.length];
        int[] row = new int[perCell];
        int nnz = 0;
        for (int c = 0; c < cells; c++) {
            for (int k = 0; k < perCell; k++) row[k] = popular.sample();
            Arrays.sort(row);
            for (int k = 0; k < perCell; ) {
                int g = row[k];
                float count = 0;
                for (; k < perCell && row[k] == g; k++) count += 1 + (int) (Math.log(rng.nextDouble()) / Math.log(0.5));
                indices[nnz] = g;
                values[nnz++] = count;
            }
            indptr[c + 1] = nnz;
        }
        CsrMatrix x = new CsrMatrix(cells, genes, indptr, Arrays.copyOf(indices, nnz), Arrays.copyOf(values, nnz));
        AnnData a = new AnnData(Matrix.of(x));
        H5adWriter.write(a, file);
        System.out.printf("made %s: %d x %d, nnz %d, %.1f MB, %.1f s%n", file, cells, genes, nnz,
                size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
    }

    static void read(Path file, int repetition) {
        if (repetition > 1) {
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }
        long t0 = System.nanoTime();
        AnnData a = H5adReader.read(file);
        long t1 = System.nanoTime();
        Normalize.normalizeTotal(a, 1e4);
        Normalize.log1p(a);
        long t2 = System.nanoTime();
        report("read" + (repetition == 1 ? "-cold" : "-warm"), file, a.nObs(), a.nVars(), a.requireX().nnz(), t1 - t0, t2 - t1);
    }

    static void backed(Path file, int rows) {
        long t0 = System.nanoTime(), readNs = 0, normNs = 0, nnz = 0;
        int nObs, nVars;
        try (H5adBacked b = H5adBacked.open(file)) {
            nObs = b.nObs();
            nVars = b.nVars();
            readNs = System.nanoTime() - t0;
            for (int start = 0; start < nObs; start += rows) {
                long r0 = System.nanoTime();
                Matrix chunk = b.readX(start, Math.min(nObs, start + rows));
                long r1 = System.nanoTime();
                Matrix norm = Normalize.log1p(Normalize.normalizeTotal(chunk, 1e4, false, 0.05).x(), null);
                nnz += norm.nnz();
                readNs += r1 - r0;
                normNs += System.nanoTime() - r1;
            }
        }
        report("backed-" + rows, file, nObs, nVars, nnz, readNs, normNs);
    }

    private static void report(String mode, Path file, int nObs, int nVars, long nnz, long readNs, long normNs) {
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) peak += p.getPeakUsage().getUsed();
        // data bytes: float32 values + int32 indices + int32 indptr, as they sit in memory
        double dataMb = (8.0 * nnz + 4.0 * (nObs + 1)) / 1e6;
        System.out.printf("mode=%s cells=%d genes=%d nnz=%d file_mb=%.1f data_mb=%.1f read_s=%.3f normalise_s=%.3f"
                        + " total_s=%.3f peak_heap_mb=%.1f peak_over_data=%.2f%n", mode, nObs, nVars, nnz,
                size(file) / 1e6, dataMb, readNs / 1e9, normNs / 1e9, (readNs + normNs) / 1e9, peak / 1e6,
                peak / 1e6 / dataMb);
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
