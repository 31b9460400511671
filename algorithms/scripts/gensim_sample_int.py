#!/usr/bin/env python3
"""Golden values of gensim's frequent-token down-sampling thresholds (Word2Vec ``sample_int``).

Builds gensim's vocabulary for a corpus of integer tokens with chosen counts, for several ``sample`` settings, and
writes ``sample,token,count,sample_int`` rows to algorithms/src/test/resources/golden/gensim_sample_int.csv.
SkipGramTest compares org.genex.algorithms.embed.SkipGram.sampleInt with these values exactly.
Run with the Debian python (python3-gensim): /usr/bin/python3 algorithms/scripts/gensim_sample_int.py
"""
import os
import gensim
from gensim.models import Word2Vec

COUNTS = [1, 2, 3, 5, 8, 13, 40, 100, 250, 1000, 3000, 12000]
SAMPLES = [1e-3, 1e-4, 1e-5, 0.0, 5.0]


def main():
    corpus = []
    for token, count in enumerate(COUNTS):
        corpus.extend([[str(token)]] * count)
    out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "golden",
                       "gensim_sample_int.csv")
    with open(out, "w") as f:
        f.write(f"# gensim {gensim.__version__}: Word2Vec(min_count=1, sample=s).build_vocab(corpus); "
                f"token t occurs COUNTS[t] times\n")
        f.write("sample,token,count,sample_int\n")
        for s in SAMPLES:
            model = Word2Vec(vector_size=4, min_count=1, sample=s, sg=1, workers=1)
            model.build_vocab(corpus)
            for token, count in enumerate(COUNTS):
                assert model.wv.get_vecattr(str(token), "count") == count
                f.write(f"{s!r},{token},{count},{int(model.wv.get_vecattr(str(token), 'sample_int'))}\n")


if __name__ == "__main__":
    main()
