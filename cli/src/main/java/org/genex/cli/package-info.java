/**
 * The {@code genex} command (picocli): {@code genex run} (the main job, {@link org.genex.cli.RunCommand} over
 * {@link org.genex.cli.MainJob}), {@code genex simulate}, {@code genex info}, and the models' subcommands.
 *
 * <h2>Conventions every command follows</h2>
 * <ul>
 *   <li>Jobs share {@link org.genex.cli.JobOptions} (INPUT, {@code --out DIR}, {@code --seed}, {@code --threads},
 *       {@code --device}, {@code --config FILE}, {@code --quiet}, {@code --verbose}) through the base class
 *       {@link org.genex.cli.Job}, which writes into a temporary folder beside DIR and renames it when the job
 *       returns ({@link org.genex.cli.OutputDir}): a failed or interrupted job leaves nothing behind.</li>
 *   <li>Errors: throw {@link org.genex.cli.InputException} for the user's input (exit 3) and
 *       {@link org.genex.cli.UsageException} for option values (exit 2); anything else is an internal error (exit 1).
 *       {@link org.genex.cli.Main} prints one line (and the stack trace with {@code --verbose}); see
 *       {@link org.genex.cli.ExitCodes}.</li>
 *   <li>Progress: {@link org.genex.cli.JobContext#progress} gives a bar on a terminal, log lines every 10 s
 *       otherwise, nothing with {@code --quiet}; pass the loss or rate as its message.</li>
 *   <li>{@code --config FILE} is a properties file of option defaults ({@code seed=7}, {@code genex.run.cells=1000}),
 *       picocli's {@code PropertiesDefaultProvider}: a new option is configurable with no extra code.</li>
 * </ul>
 *
 * <h2>Adding a model's commands ({@code genex <model> train|evaluate|predict})</h2>
 * The work lives in a runner of module {@code experiments} ({@code org.genex.experiments.<model>}); the commands
 * only turn options into the runner's config and call it. For a model {@code tron}:
 * <pre>{@code
 * @Command(name = "tron", description = "TRON: ...", mixinStandardHelpOptions = true,
 *          subcommands = {TronCommands.Train.class, TronCommands.Evaluate.class, TronCommands.Predict.class})
 * public final class TronCommands {
 *     @Command(name = "train", description = "Train TRON on INPUT (default: its simulator).",
 *              mixinStandardHelpOptions = true, footer = ExitCodes.HELP_FOOTER)
 *     public static final class Train extends Job {
 *         @Option(names = "--epochs", defaultValue = "20", description = "Epochs (default: ${DEFAULT-VALUE}).")
 *         int epochs;
 *
 *         @Override protected void validate() {
 *             if (epochs < 1) throw new UsageException("--epochs " + epochs + ": must be >= 1");
 *         }
 *
 *         @Override protected void run(JobContext ctx) {
 *             AnnData data = options.input() == null ? TronRunner.simulated(ctx.seed())
 *                     : Inputs.read(options.input(), false);
 *             try (Progress p = ctx.progress("tron train", epochs * stepsPerEpoch, "steps")) {
 *                 TronRunner.train(data, config(epochs, ctx.seed()), ctx.outDir(),          // checkpoints, tables
 *                         (step, loss) -> p.stepTo(step, String.format("loss %.4f", loss)));
 *             }
 *         }
 *     }
 *     // Evaluate and Predict alike; each writes into ctx.outDir()
 * }
 * }</pre>
 * then list {@code TronCommands.class} in the {@code subcommands} of {@link org.genex.cli.GenexCommand}. The test
 * {@code ModelCommandPatternTest} exercises this pattern with a toy command.
 */
package org.genex.cli;
