package org.genex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.genex.data.AnnData;
import org.genex.data.io.H5adReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, info, simulate and the config file. */
class CommandsTest {
    @TempDir
    Path tmp;

    @Test
    void noArgumentsPrintsHelp() {
        Cli r = Cli.run();
        assertEquals(0, r.code());
        for (String s : new String[] {"Usage: genex", "run", "simulate", "info", "Exit codes"})
            assertTrue(r.out().contains(s), s + " in:\n" + r.out());
    }

    @Test
    void everyCommandDocumentsItsOptions() {
        Cli run = Cli.run("run", "--help");
        assertEquals(0, run.code());
        for (String s : new String[] {"INPUT", "--out", "--seed", "--threads", "--device", "--config", "--quiet",
            "--verbose", "--labels", "--cells", "--walks", "Exit codes: 0 done"})
            assertTrue(run.out().contains(s), s + " in run --help");
        assertEquals(0, Cli.run("help", "simulate").code());
        assertTrue(Cli.run("simulate", "--help").out().contains("planted-hypergraph"));
        assertTrue(Cli.run("info", "--help").out().contains("--check"));
        assertTrue(Cli.run("--version").out().startsWith("genex "));
    }

    @Test
    void infoSaysThereIsNoGpu() {
        Cli r = Cli.run("info");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("JDK:"));
        assertTrue(r.out().contains("Vectors:"));
        assertTrue(r.out().contains("GPU:     none (no CUDA backend on the class path)"), r.out());
    }

    @Test
    void simulateWritesReadableH5ad() {
        Path f = tmp.resolve("sim.h5ad");
        Cli r = Cli.run("simulate", "splatter", "--out", f.toString(), "--cells", "80", "--genes", "40", "-q");
        assertEquals(0, r.code(), r.err());
        AnnData a = H5adReader.read(f);
        assertEquals(80, a.nObs());
        assertEquals(40, a.nVars());
        assertTrue(a.obs().has("Group"));

        Path p = tmp.resolve("planted.h5ad");
        r = Cli.run("simulate", "planted-hypergraph", "--out", p.toString(), "--cells", "60", "--genes", "90");
        assertEquals(0, r.code(), r.err());
        AnnData planted = H5adReader.read(p);
        assertTrue(planted.nObs() > 0 && planted.nObs() <= 60, "60 cells, less the empty ones dropped");
        assertTrue(planted.obs().has("module"));
        assertTrue(r.err().contains("wrote"));
    }

    @Test
    void configFileGivesDefaultsAndTheCommandLineWins() throws IOException {
        Path conf = Files.writeString(tmp.resolve("genex.properties"), "cells=70\ngenes=30\nseed=3\n");
        Path f = tmp.resolve("c.h5ad");
        Cli r = Cli.run("simulate", "splatter", "--config", conf.toString(), "--out", f.toString(), "--genes", "20");
        assertEquals(0, r.code(), r.err());
        AnnData a = H5adReader.read(f);
        assertEquals(70, a.nObs());
        assertEquals(20, a.nVars());
    }
}
