/**
 * Gene tables: the lookups that connect an AnnData's var names to the vocabularies and annotations that models use.
 *
 * <ul>
 *   <li>{@link org.genex.data.genes.GeneIdMap}: Ensembl/GENCODE gene id &rarr; symbol (celltypist's GENCODE v44
 *       table), versioned ids accepted, symbol &rarr; ids as a multimap (symbols are not unique).</li>
 *   <li>{@link org.genex.data.genes.OrthologMap}: a cross-species ortholog table (celltypist's Ensembl 105
 *       human &rarr; mouse) as a bipartite graph, and the biadjacency mask between two gene lists that TRON's
 *       species-conversion layer needs (all pairs, one-to-one only, or 1/deg row weights).</li>
 *   <li>{@link org.genex.data.genes.GeneVocab}: scGPT's gene-token vocabulary (JSON token &rarr; id), special tokens
 *       appended as scGPT's scripts do, and gene lists mapped to ids with an explicit unknown-gene policy.</li>
 *   <li>{@link org.genex.data.genes.GeneDescriptions}: symbol &rarr; description text (TSV, JSON, NCBI gene_info)
 *       for the LLM cell-embedding model, with the spec's fallback chain.</li>
 *   <li>{@link org.genex.data.genes.GeneTables}: the delimited-text reader under them (gzip detected by its magic
 *       bytes, RFC 4180 quotes, errors naming file and line).</li>
 * </ul>
 *
 * <p>Every reader reports bad input with a {@link org.genex.data.io.DataFormatException} that names the file, the
 * line (or JSON key) and what was expected.
 */
package org.genex.data.genes;
