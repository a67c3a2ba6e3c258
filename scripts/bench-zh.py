"""The gensim side of scripts/bench-zh.ts: trains gensim 4.2 on a pre-tokenized file, and scores vector files.

Usage:
  bench-zh.py train <tokens.txt> <out.bin> <sg|cbow> <workers> <epochs>
      Trains Word2Vec (dim 100, window 5, negative 5, sample 1e-3, min_count 5) on LineSentence(tokens.txt),
      saves word2vec binary, prints one JSON line (vocab, raw words per epoch, vocab/train seconds).
  bench-zh.py eval <eval dir> <probe words, comma-separated> <vectors.bin>...
      For each file prints one JSON line: nearest words of the probes, CA8 coverage/accuracy per file
      (gensim's evaluate_word_analogies), wordsim-240 and COS960 Spearman + OOV (evaluate_word_pairs).
"""
import json
import logging
import os
import sys
import tempfile
import time

logging.disable(logging.CRITICAL)


def train(tokens, out, mode, workers, epochs):
    from gensim.models import Word2Vec
    from gensim.models.word2vec import LineSentence

    model = Word2Vec(vector_size=100, window=5, negative=5, hs=0, sample=1e-3, min_count=5,
                     sg=0 if mode == 'cbow' else 1, workers=workers, seed=1)
    sentences = LineSentence(tokens)
    t0 = time.perf_counter()
    model.build_vocab(sentences)
    t1 = time.perf_counter()
    model.train(sentences, total_examples=model.corpus_count, total_words=model.corpus_total_words, epochs=epochs)
    t2 = time.perf_counter()
    model.wv.save_word2vec_format(out, binary=True)
    print(json.dumps({'vocab': len(model.wv), 'words': model.corpus_total_words, 'vocabSeconds': t1 - t0,
                      'trainSeconds': t2 - t1}))


def analogy_questions(path):
    """Counts the questions of an analogy file and those whose four words are all in `vocab`."""
    with open(path, encoding='utf-8') as fh:
        return [line.split() for line in fh if line.strip() and not line.startswith(':')]


def pairs_tsv(path, tmp):
    """COS960 rows are `w1 w2 mean score...` (space-separated, 17 columns); gensim wants exactly 3 columns."""
    out = os.path.join(tmp, os.path.basename(path) + '.tsv')
    with open(path, encoding='utf-8') as src, open(out, 'w', encoding='utf-8') as dst:
        for line in src:
            cols = line.split()
            if len(cols) >= 3:
                dst.write(f'{cols[0]}\t{cols[1]}\t{cols[2]}\n')
    return out


def evaluate(eval_dir, probes, files):
    from gensim.models import KeyedVectors

    ca8 = {name: os.path.join(eval_dir, 'CA8', f'{name}.txt') for name in ('morphological', 'semantic')}
    questions = {name: analogy_questions(p) for name, p in ca8.items()}
    with tempfile.TemporaryDirectory() as tmp:
        pair_sets = {
            'wordsim-240': os.path.join(eval_dir, 'wordsim-240.txt'),
            'COS960': pairs_tsv(os.path.join(eval_dir, 'COS960', 'COS960_all.txt'), tmp),
        }
        for path in files:
            kv = KeyedVectors.load_word2vec_format(path, binary=True)
            result = {'file': path, 'vocab': len(kv), 'neighbours': {}, 'ca8': {}, 'pairs': {}}
            for word in probes:
                result['neighbours'][word] = [[w, round(float(s), 3)] for w, s in kv.most_similar(word, topn=10)] \
                    if word in kv.key_to_index else None
            for name, p in ca8.items():
                qs = questions[name]
                covered = sum(1 for q in qs if len(q) == 4 and all(w in kv.key_to_index for w in q))
                # restrict_vocab above the vocabulary size: every word counts, as for the coverage above
                acc, sections = kv.evaluate_word_analogies(p, restrict_vocab=len(kv) + 1)
                total = sections[-1]
                result['ca8'][name] = {'questions': len(qs), 'covered': covered, 'evaluated': len(total['correct']) +
                                       len(total['incorrect']), 'correct': len(total['correct']), 'accuracy': acc}
            for name, p in pair_sets.items():
                pearson, spearman, oov = kv.evaluate_word_pairs(p, delimiter='\t', restrict_vocab=len(kv) + 1)
                result['pairs'][name] = {'spearman': None if spearman[0] != spearman[0] else float(spearman[0]),
                                         'oovPercent': float(oov)}
            print(json.dumps(result, ensure_ascii=False), flush=True)


def main():
    if sys.argv[1] == 'train':
        train(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == 'eval':
        evaluate(sys.argv[2], sys.argv[3].split(','), sys.argv[4:])
    else:
        raise SystemExit(f'unknown subcommand {sys.argv[1]}')


main()
