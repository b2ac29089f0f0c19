import { distance } from 'fastest-levenshtein';

/**
 * The candidate a typo meant: the nearest within two edits (and nearer than half the word, so short words
 * do not match everything), or undefined. Used where tags name a key or a service that is not there.
 */
export function nearMiss(word: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; edits: number } | undefined;
  for (const candidate of candidates) {
    const edits = distance(word, candidate);
    if (edits > 0 && edits <= 2 && edits < word.length / 2 && (!best || edits < best.edits))
      best = { candidate, edits };
  }
  return best?.candidate;
}
