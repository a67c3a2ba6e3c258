import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadFileError } from '../../../src/errors.ts';
import { parsePhrasesTsv, type Phrase, PhraseTable, phrasesTsv, readPhraseTable } from '../../../src/tokenize/phrase-table.ts';
import { tmpDir } from '../../helpers/cli.ts';

const p = (phrase: string, count = 10, score = 20): Phrase => ({ phrase, count, score });

describe('PhraseTable.apply', () => {
  it('joins greedily left to right without overlaps', () => {
    const table = new PhraseTable([[p('a_b'), p('b_c')]], '_', new Set());
    expect(table.apply(['a', 'b', 'c'])).toEqual(['a_b', 'c']);
    expect(table.apply(['x', 'a', 'b', 'c'])).toEqual(['x', 'a_b', 'c']);
    // a failed candidate restarts at its last word: (a, x) fails, then (x, ...) and (b, c) is found
    expect(table.apply(['a', 'x', 'b', 'c', 'b'])).toEqual(['a', 'x', 'b_c', 'b']);
    expect(table.apply([])).toEqual([]);
  });

  it('lets connector words sit inside a phrase but never start or end one', () => {
    const table = new PhraseTable([[p('bank_of_america'), p('of_america'), p('bank_of')]], '_', new Set(['of', 'the']));
    expect(table.apply(['the', 'bank', 'of', 'america'])).toEqual(['the', 'bank_of_america']);
    // "of" never starts a candidate, and a candidate cannot end on it either
    expect(table.apply(['of', 'america'])).toEqual(['of', 'america']);
    expect(table.apply(['bank', 'of'])).toEqual(['bank', 'of']);
    expect(table.apply(['bank', 'of', 'the', 'america'])).toEqual(['bank', 'of', 'the', 'america']);
  });

  it('applies passes in order: trigram[bigram[sentence]]', () => {
    const table = new PhraseTable([[p('new_york')], [p('new_york_city')]], '_', new Set());
    expect(table.apply(['in', 'new', 'york', 'city'])).toEqual(['in', 'new_york_city']);
    expect(table.size).toBe(2);
  });
});

describe('phrases.tsv', () => {
  it('round-trips phrases, passes, delimiter, connector words and the learning settings', () => {
    const table = new PhraseTable([[p('bank+of+america', 12, 3.5), p('new+york', 7, 1e-7)], [p('new+york+city', 5, 0.25)]], '+', new Set(['of', 'the']), {
      scoring: 'npmi',
      threshold: 0.5,
      minCount: 5,
      corpusWords: 1234,
    });
    const text = phrasesTsv(table);
    expect(text).toContain('bank+of+america\t12\t3.5\n');
    expect(text).toContain('new+york\t7\t1e-7\n');
    const back = parsePhrasesTsv('p.tsv', text);
    expect(back.delimiter).toBe('+');
    expect([...back.connectorWords]).toEqual(['of', 'the']);
    expect(back.learning).toEqual(table.learning);
    expect(back.passes.map((pass) => [...pass.values()])).toEqual(table.passes.map((pass) => [...pass.values()]));
  });

  it('reads a hand-written table without a header: the words inside its phrases become connector words', () => {
    const table = parsePhrasesTsv('mine.tsv', 'bank_of_america\t3\t1\nnew_york\t2\t1\n');
    expect([...table.connectorWords]).toEqual(['of']);
    expect(table.apply(['bank', 'of', 'america', 'in', 'new', 'york'])).toEqual(['bank_of_america', 'in', 'new_york']);
  });

  it.each([
    ['new_york\t12\n', 'line 2: expected "phrase<TAB>count<TAB>score" (3 tab-separated fields), got 2: "new_york\\t12"'],
    ['new_york 12 3.5\n', 'line 2: expected "phrase<TAB>count<TAB>score" (3 tab-separated fields), got 1'],
    ['newyork\t12\t3.5\n', 'line 2: "newyork" is not a phrase: it must join two or more words with the delimiter "_"'],
    ['_york\t12\t3.5\n', 'line 2: "_york" is not a phrase'],
    ['new_york\tmany\t3.5\n', 'line 2: the count "many" must be a whole number >= 1'],
    ['new_york\t0\t3.5\n', 'line 2: the count "0" must be a whole number >= 1'],
    ['new_york\t12\tNaN\n', 'line 2: the score "NaN" must be a finite number'],
    ['new_york\t12\t\n', 'line 2: the score "" must be a finite number'],
    ['new_york\t12\t3.5\nnew_york\t1\t2\n', 'line 3: "new_york" repeats line 2 of the same pass'],
    ['new_york\t12\t3.5\n# delimiter: +\n', 'line 3: "# delimiter:" must come before the first phrase'],
    ['# pass: 2\n', 'line 2: "# pass: 2" out of order'],
  ])('refuses a malformed line with the file and the line: %j', (body, message) => {
    const text = `# a comment\n${body}`;
    expect(() => parsePhrasesTsv('/data/phrases.tsv', text)).toThrow(BadFileError);
    expect(() => parsePhrasesTsv('/data/phrases.tsv', text)).toThrow(`/data/phrases.tsv, ${message}`);
  });

  it('refuses a missing or non-UTF-8 file with its path and the fix', async () => {
    const dir = await tmpDir();
    await expect(readPhraseTable(join(dir, 'none.tsv'))).rejects.toThrow(`${join(dir, 'none.tsv')}: cannot read the phrase table (ENOENT); pass a phrases.tsv written by \`w2v phrases\``);
    const latin = join(dir, 'latin1.tsv');
    await writeFile(latin, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x5f, 0x78, 0x09, 0x31, 0x09, 0x31, 0x0a]));
    await expect(readPhraseTable(latin)).rejects.toThrow(`${latin}: is not UTF-8 text`);
  });
});
