// Word arithmetic typed into the explorer: `国王 - 男人 + 女人`, `king -man +woman`, or several words
// (averaged, as `w2v similar`). Operators are `+` and `-` standing alone or in front of a word, so words that
// contain a hyphen (`well-known`) stay whole; a token the vocabulary lacks is split at inner signs
// (`king-man+woman`) only when every piece is a known word.

/** The words of an expression, by sign. */
export interface Expression {
  positive: string[];
  negative: string[];
}

/**
 * Parses `text` into positive and negative words; `known` says whether a (normalised) word has a vector and
 * `normalize` maps typed words to vocabulary words (lowercasing for lowercased models).
 * @example parseExpression('国王 - 男人 + 女人', has) // { positive: ['国王', '女人'], negative: ['男人'] }
 */
export function parseExpression(text: string, known: (word: string) => boolean, normalize: (word: string) => string = (w) => w): Expression {
  const positive: string[] = [];
  const negative: string[] = [];
  let sign = 1;
  const push = (word: string, s: number): void => {
    (s > 0 ? positive : negative).push(normalize(word));
  };
  for (let token of text.trim().split(/\s+/)) {
    if (token === '') continue;
    if (token === '+' || token === '-') {
      sign = token === '-' ? -1 : 1;
      continue;
    }
    let s = sign;
    sign = 1;
    if ((token.startsWith('-') || token.startsWith('+')) && !known(normalize(token))) {
      if (token.startsWith('-')) s = -s;
      token = token.slice(1);
    }
    if (!known(normalize(token)) && /.[+-]./.test(token)) {
      const pieces = splitAtSigns(token);
      if (pieces.every((p) => known(normalize(p.word)))) {
        for (const p of pieces) push(p.word, s * p.sign);
        continue;
      }
    }
    push(token, s);
  }
  return { positive, negative };
}

// --- internal ---

function splitAtSigns(token: string): { word: string; sign: number }[] {
  const pieces: { word: string; sign: number }[] = [];
  let sign = 1;
  for (const part of token.split(/([+-])/)) {
    if (part === '+' || part === '-') sign = part === '-' ? -1 : 1;
    else if (part !== '') {
      pieces.push({ word: part, sign });
      sign = 1;
    }
  }
  return pieces;
}
