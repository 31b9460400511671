/**
 * Task runners for the published models: each sub-package takes a model of {@code org.genex.nn.models} to the
 * paper's evaluation (its benchmark, its baselines, its metrics), on the simulators and readers of
 * {@code org.genex.data}, and writes tables, plots and checkpoints. {@code genex-nn} does not depend on
 * {@code genex-data}; this module is where the two meet, and the {@code genex} command is a thin layer over it.
 */
package org.genex.experiments;
