package org.genex.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.genex.data.io.H5adReader;
import org.genex.data.io.H5adWriter;
import org.genex.data.io.TenxMex;
import org.genex.data.pp.Filter;
import org.genex.data.pp.HighlyVariableGenes;
import org.genex.data.pp.Layers;
import org.genex.data.pp.Normalize;
import org.genex.data.pp.QcMetrics;
import org.genex.data.pp.Scale;
import org.genex.tensor.TestTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's data example, as written there (only the two paths differ). */
class ReadmeDataTest {
    @TempDir Path out;

    @Test
    void theReadmeExampleRuns() {
        Path folder = TestTensors.fixtures().resolve("scanpy/10x_v3.0.0");
        // --- README
        AnnData a = TenxMex.read(folder);                                    // cells x genes, CSR; symbols made unique
        QcMetrics.markMitochondrial(a);                                      // var["mt"]: names starting MT- or mt-
        QcMetrics.calculateQcMetrics(a, "mt");                               // obs total_counts, pct_counts_mt, ...
        a = Filter.filterCellsMinGenes(a, 10);                               // returns the subset, as AnnData can't shrink
        a = Filter.filterGenesMinCells(a, 3);
        Layers.copyX(a, "counts");                                           // keep the counts for seurat_v3
        Normalize.normalizeTotal(a, 1e4);                                    // each cell to 10,000
        Normalize.log1p(a);
        HighlyVariableGenes.highlyVariableGenes(a, HighlyVariableGenes.Options.DEFAULT
                .withFlavor(HighlyVariableGenes.Flavor.SEURAT_V3).withLayer("counts").withNTopGenes(100));
        Scale.scale(a, 10);                                                  // zero mean, unit variance, clipped at 10
        H5adWriter.write(a, out.resolve("pbmc.h5ad"));                       // anndata and scanpy read it back
        // --- end
        AnnData back = H5adReader.read(out.resolve("pbmc.h5ad"));
        assertEquals(a.nObs(), back.nObs());
        assertEquals(a.nVars(), back.nVars());
        boolean[] hv = ((Column.Bools) back.var().get("highly_variable")).values();
        int n = 0;
        for (boolean b : hv) if (b) n++;
        assertEquals(100, n);
        assertTrue(back.layers().has("counts") && back.obs().has("pct_counts_mt"), back.toString());
        assertTrue(a.nObs() > 500 && a.nObs() < 1107, "cells kept: " + a.nObs());
    }
}
