"""Scores word2vec binary vector files with gensim's own evaluators, the same way for every model.

Usage: bench-eval.py <questions-words.txt> <wordsim353.tsv> <vectors.bin>...
Prints one JSON object per file (one line each): analogy accuracy on the 30,000 most frequent words and
WordSim-353 Spearman, with the OOV ratio of the pairs.
"""
import json
import logging
import sys

from gensim.models import KeyedVectors

logging.disable(logging.CRITICAL)


def main():
    questions, wordsim = sys.argv[1], sys.argv[2]
    for path in sys.argv[3:]:
        kv = KeyedVectors.load_word2vec_format(path, binary=True)
        analogy, _sections = kv.evaluate_word_analogies(questions, restrict_vocab=30000)
        pearson, spearman, oov = kv.evaluate_word_pairs(wordsim, delimiter='\t', restrict_vocab=300000)
        print(json.dumps({'file': path, 'vocab': len(kv), 'analogy': analogy, 'spearman': spearman[0],
                          'pearson': pearson[0], 'oovPercent': oov}))


main()
