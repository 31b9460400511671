package org.genex.algorithms.embed;

import java.util.Arrays;

/**
 * A corpus held in memory: the tokens of all sentences end to end in one {@code int[]}, with sentence {@code s} at
 * {@code tokens[offsets[s] .. offsets[s+1])}. Limited to {@code 2^31 - 1} tokens; a larger corpus of random walks
 * is streamed instead. The arrays are wrapped, not copied: do not change them while the corpus is in use.
 */
public final class ArrayCorpus implements Corpus {
    private final int[] tokens;
    private final int[] offsets;
    private final int vocabularySize;
    private final int maxLength;

    /**
     * @param tokens         all tokens, sentence after sentence
     * @param offsets        {@code sentences + 1} non-decreasing offsets from 0 to {@code tokens.length}
     * @param vocabularySize tokens must lie in {@code [0, vocabularySize)}
     * @throws IllegalArgumentException for bad offsets or a token out of range
     */
    public ArrayCorpus(int[] tokens, int[] offsets, int vocabularySize) {
        if (tokens == null || offsets == null)
            throw new IllegalArgumentException("ArrayCorpus: tokens and offsets must not be null");
        if (vocabularySize < 0)
            throw new IllegalArgumentException("ArrayCorpus: vocabularySize must be >= 0, got " + vocabularySize);
        if (offsets.length < 1 || offsets[0] != 0 || offsets[offsets.length - 1] != tokens.length)
            throw new IllegalArgumentException("ArrayCorpus: offsets must run from 0 to tokens.length = "
                    + tokens.length);
        int max = 0;
        for (int s = 0; s + 1 < offsets.length; s++) {
            int len = offsets[s + 1] - offsets[s];
            if (len < 0)
                throw new IllegalArgumentException("ArrayCorpus: offsets decrease at sentence " + s);
            max = Math.max(max, len);
        }
        for (int i = 0; i < tokens.length; i++)
            if (tokens[i] < 0 || tokens[i] >= vocabularySize)
                throw new IllegalArgumentException("ArrayCorpus: token " + tokens[i] + " at position " + i
                        + " is outside the vocabulary [0, " + vocabularySize + ")");
        this.tokens = tokens;
        this.offsets = offsets;
        this.vocabularySize = vocabularySize;
        this.maxLength = max;
    }

    /** Sentences of equal length {@code length}, end to end in {@code tokens}. */
    public static ArrayCorpus ofFixedLength(int[] tokens, int length, int vocabularySize) {
        if (length <= 0 || tokens.length % length != 0)
            throw new IllegalArgumentException("ArrayCorpus.ofFixedLength: " + tokens.length
                    + " tokens are not a whole number of sentences of length " + length);
        int[] offsets = new int[tokens.length / length + 1];
        for (int s = 1; s < offsets.length; s++) offsets[s] = s * length;
        return new ArrayCorpus(tokens, offsets, vocabularySize);
    }

    /** A corpus of the given sentences (copied). */
    public static ArrayCorpus of(int vocabularySize, int[]... sentences) {
        int[] offsets = new int[sentences.length + 1];
        for (int s = 0; s < sentences.length; s++) offsets[s + 1] = Math.addExact(offsets[s], sentences[s].length);
        int[] tokens = new int[offsets[sentences.length]];
        for (int s = 0; s < sentences.length; s++)
            System.arraycopy(sentences[s], 0, tokens, offsets[s], sentences[s].length);
        return new ArrayCorpus(tokens, offsets, vocabularySize);
    }

    @Override public int size() { return offsets.length - 1; }
    @Override public int vocabularySize() { return vocabularySize; }
    @Override public int maxLength() { return maxLength; }
    @Override public long tokensBefore(int s) { return offsets[s]; }

    @Override
    public int sentence(int s, int[] out) {
        int from = offsets[s], len = offsets[s + 1] - from;
        System.arraycopy(tokens, from, out, 0, len);
        return len;
    }

    /** Sentence {@code s} as a new array. */
    public int[] sentence(int s) { return Arrays.copyOfRange(tokens, offsets[s], offsets[s + 1]); }

    /** All tokens end to end (the backing array). */
    public int[] tokens() { return tokens; }

    @Override
    public String toString() {
        return "ArrayCorpus[" + size() + " sentences, " + tokens.length + " tokens, vocabulary " + vocabularySize + "]";
    }
}
