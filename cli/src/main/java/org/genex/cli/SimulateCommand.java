package org.genex.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.genex.data.AnnData;
import org.genex.data.Matrix;
import org.genex.data.io.H5adWriter;
import org.genex.data.sim.BrainField;
import org.genex.data.sim.BulkCohort;
import org.genex.data.sim.HistologySpots;
import org.genex.data.sim.PlantedHypergraph;
import org.genex.data.sim.Splatter;
import org.genex.data.sim.TwoSpecies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code genex simulate KIND --out FILE}: one of the simulators of {@code org.genex.data.sim} with its default
 * configuration, written as h5ad with its ground truth in obs, var, obsm and uns.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a simulated data set with known ground truth as .h5ad.",
            "KIND: splatter (scRNA-seq counts with cell types, obs Group), planted-hypergraph (planted cell-gene "
                + "modules), two-species (source and target species with orthologs: FILE and FILE's "
                + "<name>.target.h5ad), bulk-cohort (bulk expression with survival), brain-field (expression over "
                + "brain coordinates), histology-spots (spots with image patches in obsm)."},
        footer = ExitCodes.HELP_FOOTER)
public final class SimulateCommand implements Callable<Integer> {

    /** The simulators. */
    enum Kind {
        SPLATTER("splatter"), PLANTED_HYPERGRAPH("planted-hypergraph"), TWO_SPECIES("two-species"),
        BULK_COHORT("bulk-cohort"), BRAIN_FIELD("brain-field"), HISTOLOGY_SPOTS("histology-spots");

        final String name;

        Kind(String name) { this.name = name; }

        static Kind parse(String s) {
            for (Kind k : values()) if (k.name.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) return k;
            throw new UsageException("simulate: unknown KIND '" + s + "'; expected one of "
                    + String.join(", ", Arrays.stream(values()).map(k -> k.name).toList()));
        }
    }

    @Parameters(index = "0", paramLabel = "KIND", description = "splatter, planted-hypergraph, two-species, "
            + "bulk-cohort, brain-field or histology-spots.")
    String kind;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", required = true, description = "The .h5ad file to write.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cells", paramLabel = "N", description = "Cells (splatter: 3000, planted-hypergraph: 1000).")
    Integer cells;

    @Option(names = "--genes", paramLabel = "N", description = "Genes (splatter: 2000, planted-hypergraph: 3000).")
    Integer genes;

    @Option(names = "--groups", defaultValue = "6", description = "splatter: cell types (default: ${DEFAULT-VALUE}).")
    int groups;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of option defaults (cells=1000, seed=7); the command line wins.")
    Path config;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, description = "The stack trace of an error.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override public Integer call() {
        Kind k = Kind.parse(kind);
        if (cells != null && cells < 1) throw new UsageException("--cells " + cells + ": must be >= 1");
        if (genes != null && genes < 1) throw new UsageException("--genes " + genes + ": must be >= 1");
        if (groups < 1) throw new UsageException("--groups " + groups + ": must be >= 1");
        if ((cells != null || genes != null) && k != Kind.SPLATTER && k != Kind.PLANTED_HYPERGRAPH)
            throw new UsageException("--cells/--genes apply to splatter and planted-hypergraph only");
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) throw new UsageException("--out " + out + " is a folder; give a .h5ad file");
        if (parent != null && !Files.isDirectory(parent))
            throw new UsageException("--out " + out + ": the folder " + parent + " does not exist");
        PrintWriter err = spec.commandLine().getErr();
        AnnData a = switch (k) {
            case SPLATTER -> MainJob.simulate(new MainJob.Settings(or(cells, 3000), or(genes, 2000), groups, 0, 0,
                    1, 1, 2, 1, 1, 2, 1, 1, 0, 0, 0), seed);
            case PLANTED_HYPERGRAPH -> {
                PlantedHypergraph.Config c = PlantedHypergraph.Config.ngenes(50);
                yield PlantedHypergraph.simulate(c.withSize(or(genes, c.nGenes()), or(cells, c.nCells())), seed);
            }
            case TWO_SPECIES -> {
                TwoSpecies.Result r = TwoSpecies.simulate(TwoSpecies.Config.defaults(), seed);
                r.source().uns().put("orthologs", Matrix.of(r.orthologs()));
                r.source().uns().put("functional_orthologs", Matrix.of(r.functional()));
                Path target = sibling(out, ".target.h5ad");
                H5adWriter.write(r.target(), target);
                if (!quiet) err.println("wrote " + target + " (the target species: " + shape(r.target()) + ")");
                yield r.source();
            }
            case BULK_COHORT -> BulkCohort.simulate(BulkCohort.Config.defaults(), seed).adata();
            case BRAIN_FIELD -> BrainField.simulate(BrainField.Config.defaults(), seed).adata();
            case HISTOLOGY_SPOTS -> HistologySpots.simulate(HistologySpots.Config.defaults(), seed).adata();
        };
        H5adWriter.write(a, out);
        if (!quiet) err.println("wrote " + out + " (" + k.name + ", seed " + seed + ": " + shape(a) + ")");
        err.flush();
        return ExitCodes.OK;
    }

    private static int or(Integer v, int fallback) { return v == null ? fallback : v; }

    private static String shape(AnnData a) {
        return String.format(Locale.ROOT, "%d obs x %d vars", a.nObs(), a.nVars());
    }

    /** FILE with its .h5ad extension replaced by {@code suffix}. */
    static Path sibling(Path file, String suffix) {
        String name = file.getFileName().toString();
        String stem = name.toLowerCase(Locale.ROOT).endsWith(".h5ad") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + suffix);
    }
}
