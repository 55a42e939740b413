import type { Vocabulary } from './queries';

export type SynonymRow = { key: number; term: string; equivalents: string[] };

export function synonymRows(vocabulary: Vocabulary): SynonymRow[] {
  return Object.entries(vocabulary.synonyms ?? {}).map(([term, equivalents], key) => ({
    key,
    term,
    equivalents,
  }));
}

/** The rows back as the API's mapping: blank terms dropped, a repeated term merged, each
 * list without duplicates or the term itself. */
export function toVocabulary(
  rows: SynonymRow[],
  dictionary: string[],
  stopWords: string[],
): Vocabulary {
  const synonyms: Record<string, string[]> = {};
  for (const row of rows) {
    const term = row.term.trim();
    if (!term) continue;
    const merged = [...(synonyms[term] ?? []), ...row.equivalents.map((e) => e.trim())];
    const equivalents = [...new Set(merged)].filter((e) => e && e !== term);
    if (equivalents.length) synonyms[term] = equivalents;
  }
  const clean = (words: string[]) => [...new Set(words.map((w) => w.trim()).filter(Boolean))];
  return { synonyms, dictionary: clean(dictionary), stop_words: clean(stopWords) };
}
