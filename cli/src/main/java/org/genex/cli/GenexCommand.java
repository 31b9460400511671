package org.genex.cli;

import org.genex.cli.models.GexbertCommands;
import org.genex.cli.models.TronCommands;
import org.genex.tensor.Genex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command, {@code genex}: without a subcommand it prints the help. */
@Command(name = "genex", mixinStandardHelpOptions = true, versionProvider = GenexCommand.Version.class,
        description = {"Machine learning on gene-expression data, in pure Java.", "",
                "  genex run              the main job on built-in simulated data (no download)",
                "  genex run data.h5ad    the same on your data (h5ad, 10x, loom, CSV)",
                "  genex info --check     the JDK, vector species, threads, GPUs; a self-check",
                "  genex tron train|transfer|evaluate|benchmark    TRON: species transfer through orthologs",
                "  genex gexbert pretrain|classify|survival|impute|attention    GexBERT on bulk cohorts", ""},
        subcommands = {RunCommand.class, SimulateCommand.class, InfoCommand.class, TronCommands.class, GexbertCommands.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Every job takes INPUT, --out DIR, --seed, --threads, --device, --config FILE, --quiet and "
                + "--verbose; 'genex help COMMAND' or 'genex COMMAND --help' for the rest.", ExitCodes.HELP_FOOTER})
public final class GenexCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override public void run() { spec.commandLine().usage(spec.commandLine().getOut()); }

    /** The version line of {@code genex --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override public String[] getVersion() {
            return new String[] {"genex " + Genex.version() + " on JDK " + Runtime.version()};
        }
    }
}
