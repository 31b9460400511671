package org.genex.algorithms.hypergraph;

/**
 * A random walk on the cells of a {@link CellGeneHypergraph}: how the next cell is drawn from the current one. Every
 * walk of this package is a first-order Markov chain on cells with a row-stochastic transition matrix {@code P}
 * (cells x cells) that is never formed: {@link #prepare} builds sparse sampling tables, and a
 * {@link Transitions.Stepper} draws {@code w ~ P[v, .]} directly from them.
 *
 * <p>The implementations: {@link TwoStepWalk} (cell -> gene -> cell: EDHW/EDVW of Chitra and Raphael, DIPHW and its
 * variants) and {@link CoMemWalk} (cell -> gene -> co-expressed gene -> cell, reweighted by cell co-expression:
 * CoMem and CoMem-DIPHW). The DIPHW and CoMem formulas are reconstructions (see the package documentation): they sit
 * behind this interface so that a corrected reading replaces a class, not the walks or the pipeline.
 */
public interface TransitionStrategy {

    /** A short description with the parameters, e.g. {@code "DIPHW(alpha=50)"}. */
    String name();

    /** Builds the sampling tables of this walk on {@code h}: immutable and shared by all threads. */
    Transitions prepare(CellGeneHypergraph h);
}
