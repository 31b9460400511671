package org.genex.algorithms.cluster;

/**
 * A partition of a graph's nodes into communities, as returned by {@link Leiden} and {@link Louvain}.
 *
 * @param membership  community of each node, 0 .. communities - 1, numbered by decreasing size (ties: smallest
 *                    member first), as leidenalg renumbers them
 * @param communities number of communities
 * @param quality     leidenalg's RB-configuration quality at the resolution used:
 *                    sum_c [2 in_c - gamma K_c^2 / (2m)] (in_c: weight inside c, loops once; K_c: total strength)
 * @param modularity  Newman's modularity at the resolution used, quality / (2m) (igraph's {@code modularity})
 * @param iterations  number of optimiser passes run
 */
public record Partition(int[] membership, int communities, double quality, double modularity, int iterations) {}
