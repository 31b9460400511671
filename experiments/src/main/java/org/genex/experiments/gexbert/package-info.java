/**
 * GexBERT's tasks (specs/gexbert.md &sect;4-&sect;5) on simulated or real bulk cohorts: pre-training, pan-cancer
 * classification from gene panels, survival with restored anchor genes, imputation under MCAR, and attention
 * maps, each with its baselines ({@link org.genex.experiments.gexbert.GexbertRunner}: one public entry point per
 * subcommand, options record in, result record out, CSV tables and PNG plots written).
 *
 * <p>Data: {@link org.genex.experiments.gexbert.Cohort} - the simulator {@code org.genex.data.sim.BulkCohort} (latent
 * programs, cancer types, Weibull survival driven by anchor genes, which respond to their programs linearly or,
 * with {@code anchorResponse}, non-linearly), an {@code .h5ad}, or a CSV of samples x genes
 * with type, time and event columns. Baselines: logistic regression, random forest, Cox PH, C-index and the
 * gene-mean / KNN / MICE imputers from {@code org.genex.algorithms}; the MLP classifier and the denoising
 * autoencoder here ({@link org.genex.experiments.gexbert.NeuralBaselines}), trained by the common
 * {@link org.genex.nn.Trainer}. {@link org.genex.experiments.gexbert.ReducedRun} is the run reported in
 * docs/gexbert/README.md; {@link org.genex.experiments.gexbert.GexbertTuning} the light run on the end-to-end test's
 * cohort used to diagnose and tune it.
 */
package org.genex.experiments.gexbert;
