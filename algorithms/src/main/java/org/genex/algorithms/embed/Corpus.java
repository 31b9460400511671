package org.genex.algorithms.embed;

/**
 * A sequence of sentences of integer tokens {@code 0 .. vocabularySize()-1}, as the skip-gram trainer reads it.
 * A corpus may keep its tokens ({@link ArrayCorpus}) or produce each sentence on demand (the streamed random walks
 * of the hypergraph package): either way sentence {@code s} must be the same every time it is asked for, and
 * {@link #sentence} must be safe to call from several threads at once.
 */
public interface Corpus {

    /** The number of sentences. */
    int size();

    /** Tokens are in {@code [0, vocabularySize())}. */
    int vocabularySize();

    /** An upper bound on the length of every sentence (the size of the buffer {@link #sentence} needs). */
    int maxLength();

    /** The number of tokens in sentences {@code 0 .. s-1}; {@code tokensBefore(size())} is the corpus length. */
    long tokensBefore(int s);

    /**
     * Writes sentence {@code s} into {@code out} (at least {@link #maxLength()} long) and returns its length.
     * Thread-safe; the same sentence every call.
     */
    int sentence(int s, int[] out);

    /**
     * Writes sentences {@code from .. to-1}: sentence {@code from + j} at {@code out[j * maxLength() ..]} (out has
     * room for {@code (to - from) * maxLength()} tokens), its length in {@code lengths[j]}. The default reads them
     * one by one; a corpus that generates sentences can produce several at once faster (the random walks overlap
     * the memory latency of several walks).
     */
    default void sentences(int from, int to, int[] out, int[] lengths) {
        int max = maxLength();
        int[] buf = new int[max];
        for (int s = from; s < to; s++) {
            int len = sentence(s, buf);
            System.arraycopy(buf, 0, out, (s - from) * max, len);
            lengths[s - from] = len;
        }
    }

    /** The total number of tokens. */
    default long totalTokens() { return tokensBefore(size()); }
}
