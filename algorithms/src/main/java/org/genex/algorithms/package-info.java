/**
 * Algorithms that are not neural networks, in double precision where statistics need it: hypergraph random walks
 * and skip-gram embeddings ({@code hypergraph}, {@code embed}), clustering and graph methods ({@code cluster},
 * {@code graph}), dimensionality reduction ({@code reduce}), clustering metrics ({@code metrics}) and the NPP
 * generalized-Bayes sampler ({@code bayes}). Each package maps its paper's formulas to classes in its
 * {@code package-info.java}.
 */
package org.genex.algorithms;
