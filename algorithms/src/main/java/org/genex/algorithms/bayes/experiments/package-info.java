/**
 * Runnable experiments of the NPP paper: {@link org.genex.algorithms.bayes.experiments.SyntheticExperiment} (npp.md
 * &sect;3) and {@link org.genex.algorithms.bayes.experiments.SingleCellApplication} (&sect;4), each writing a Markdown
 * table beside the published numbers ({@link org.genex.algorithms.bayes.experiments.Published}), a CSV and PNG plots.
 */
package org.genex.algorithms.bayes.experiments;
