package org.genex.data.genes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.genex.data.io.DataFormatException;
import org.genex.tensor.io.Json;

/**
 * A gene-token vocabulary: token &harr; id, ids {@code 0 .. size-1}, as scGPT's {@code GeneVocab}
 * ({@code scgpt/tokenizer/gene_tokenizer.py}) and its JSON file {@code default_gene_vocab.json} (an object of
 * symbol &rarr; id; scGPT's file lists 48,292 symbols in reverse order, with ids following the sorted symbols).
 *
 * <p>Loading follows scGPT's {@code GeneVocab.from_dict}: entries are placed by their id, which must be consecutive
 * from 0. Special tokens are not in the default file; scGPT's fine-tuning scripts append them after loading
 * ({@code for s in special_tokens: if s not in vocab: vocab.append_token(s)}, with
 * {@code special_tokens = ["<pad>", "<cls>", "<eoc>"]}), so they get the ids after the last gene:
 * {@link #withSpecials}. A vocabulary is immutable; {@code withSpecials} returns a new one.
 *
 * <p>Mapping gene names to ids ({@link #encode}) has an explicit policy for genes that are not in the vocabulary:
 * drop them and report how many (what scGPT's scripts do: {@code adata[:, id_in_vocab >= 0]} with a "match n/m
 * genes" log line), or map them to a given token such as {@code <pad>} (scGPT's {@code set_default_index}) or an
 * {@code <unk>} added with {@code withSpecials}.
 */
public final class GeneVocab {
    /** scGPT's padding token. */
    public static final String PAD = "<pad>";
    /** scGPT's cell (classification) token, prepended to each cell's gene sequence. */
    public static final String CLS = "<cls>";
    /** scGPT's end-of-cell token. */
    public static final String EOC = "<eoc>";
    /** A mask token, for models that mask gene tokens rather than values. */
    public static final String MASK = "<mask>";
    /** An unknown-gene token, for models that keep unknown genes. */
    public static final String UNK = "<unk>";
    /** The special tokens scGPT's scripts append to a loaded vocabulary, in order. */
    public static final List<String> SCGPT_SPECIALS = List.of(PAD, CLS, EOC);

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private GeneVocab(List<String> tokens, Map<String, Integer> ids) {
        this.tokens = tokens;
        this.ids = ids;
    }

    /** A vocabulary of these distinct tokens, with ids in list order. */
    public static GeneVocab of(List<String> tokens) {
        Map<String, Integer> ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t == null) throw new IllegalArgumentException("GeneVocab.of: token " + i + " is null");
            Integer prev = ids.putIfAbsent(t, i);
            if (prev != null)
                throw new IllegalArgumentException("GeneVocab.of: token '" + t + "' at " + prev + " and " + i);
        }
        return new GeneVocab(List.copyOf(tokens), ids);
    }

    /**
     * Reads a JSON object of token &rarr; id (plain or gzip), as scGPT's {@code GeneVocab.save_json} writes and
     * {@code from_file} reads. Ids must be the integers {@code 0 .. n-1}, each once.
     *
     * @throws DataFormatException for malformed JSON, a value that is not an object, a non-integer or out-of-range
     *         id, or an id given to two tokens (the message names the token)
     */
    public static GeneVocab read(Path file) {
        Object root;
        try {
            root = Json.parse(GeneTables.readBytes(file), 8);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file, null, e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> map))
            throw new DataFormatException(file, null, "expected a JSON object of token -> id, found "
                    + kind(root));
        int n = map.size();
        String[] byId = new String[n];
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String token = (String) e.getKey();
            if (!(e.getValue() instanceof Long id))
                throw new DataFormatException(file, "\"" + token + "\"", "expected an integer id, found "
                        + kind(e.getValue()));
            if (id < 0 || id >= n)
                throw new DataFormatException(file, "\"" + token + "\"", "id " + id + " is outside 0.." + (n - 1)
                        + " (ids must be consecutive from 0 for " + n + " tokens)");
            if (byId[(int) (long) id] != null)
                throw new DataFormatException(file, "\"" + token + "\"", "id " + id + " is also the id of \""
                        + byId[(int) (long) id] + "\"");
            byId[(int) (long) id] = token;
        }
        Map<String, Integer> ids = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) ids.put(byId[i], i);
        return new GeneVocab(List.of(byId), ids);
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Double d -> "the number " + d;
            case Boolean b -> "a boolean";
            default -> v.getClass().getSimpleName();
        };
    }

    /**
     * This vocabulary with the given tokens appended, in order, where they are not in it yet (scGPT's
     * {@code append_token} loop); the existing ids do not change.
     */
    public GeneVocab withSpecials(List<String> specials) {
        List<String> out = new ArrayList<>(tokens);
        Map<String, Integer> newIds = new HashMap<>(ids);
        for (String s : specials) {
            if (s == null) throw new IllegalArgumentException("GeneVocab.withSpecials: null token");
            if (newIds.putIfAbsent(s, out.size()) == null) out.add(s);
        }
        return new GeneVocab(List.copyOf(out), newIds);
    }

    /** {@link #withSpecials(List)} of scGPT's {@code <pad>, <cls>, <eoc>}. */
    public GeneVocab withScGptSpecials() { return withSpecials(SCGPT_SPECIALS); }

    /** The number of tokens. */
    public int size() { return tokens.size(); }

    /** The id of a token, or -1 when it is not in the vocabulary (scGPT's {@code id_in_vocab} convention). */
    public int id(String token) {
        Integer i = ids.get(token);
        return i == null ? -1 : i;
    }

    /** The id of a token, or an exception naming it. */
    public int requireId(String token) {
        int i = id(token);
        if (i < 0) throw new IllegalArgumentException("token '" + token + "' is not in the vocabulary of " + size());
        return i;
    }

    /** Whether the token is in the vocabulary. */
    public boolean contains(String token) { return ids.containsKey(token); }

    /** The token of an id in {@code [0, size)}. */
    public String token(int id) {
        if (id < 0 || id >= tokens.size())
            throw new IndexOutOfBoundsException("token id " + id + " outside 0.." + (tokens.size() - 1));
        return tokens.get(id);
    }

    /** The tokens in id order (unmodifiable). */
    public List<String> tokens() { return Collections.unmodifiableList(tokens); }

    /**
     * Gene names (an AnnData's var names) as token ids, dropping those not in the vocabulary.
     *
     * @return the ids of the kept genes, their positions in {@code genes}, and what was dropped
     */
    public Encoded encode(String[] genes) { return encode(genes, null); }

    /**
     * Gene names as token ids.
     *
     * @param unknownToken null to drop unknown genes; otherwise the token (which must be in the vocabulary, such as
     *                     {@link #PAD} or {@link #UNK}) that unknown genes become, keeping every position
     */
    public Encoded encode(String[] genes, String unknownToken) {
        int unknownId = unknownToken == null ? -1 : requireId(unknownToken);
        int[] idsOut = new int[genes.length], kept = new int[genes.length];
        List<String> someUnknown = new ArrayList<>();
        int n = 0, unknown = 0;
        for (int i = 0; i < genes.length; i++) {
            int id = genes[i] == null ? -1 : id(genes[i]);
            if (id < 0) {
                unknown++;
                if (someUnknown.size() < 10) someUnknown.add(genes[i]);
                if (unknownId < 0) continue;
                id = unknownId;
            }
            idsOut[n] = id;
            kept[n++] = i;
        }
        return new Encoded(Arrays.copyOf(idsOut, n), Arrays.copyOf(kept, n), genes.length,
                unknown, Collections.unmodifiableList(someUnknown));
    }

    /**
     * Genes as token ids.
     *
     * @param ids          one id per kept gene
     * @param positions    the position in the input of each kept gene (all positions when unknown genes were mapped
     *                     to a token): select these var columns to align an AnnData with {@code ids}
     * @param total        the number of genes given
     * @param unknown      how many genes were not in the vocabulary (dropped, or mapped to the unknown token)
     * @param someUnknown  up to ten of them, for a message
     */
    public record Encoded(int[] ids, int[] positions, int total, int unknown, List<String> someUnknown) {
        /** scGPT's log line: {@code match 740/765 genes in vocabulary of size 48295.} */
        public String summary(GeneVocab vocab) {
            return "match " + (total - unknown) + "/" + total + " genes in vocabulary of size " + vocab.size() + "."
                    + (unknown > 0 ? " Not found: " + someUnknown + (unknown > someUnknown.size() ? " ..." : "") : "");
        }
    }

    @Override
    public String toString() { return "GeneVocab[" + size() + " tokens]"; }
}
