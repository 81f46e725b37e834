/** Lower-cases, strips punctuation, splits on spaces. */
export const tokenize = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(/\s+/)
    .filter(Boolean);

/** A vocabulary: word -> column, in order of first appearance. */
export const buildVocab = (texts) => {
  const vocab = new Map();
  for (const text of texts)
    for (const word of tokenize(text)) if (!vocab.has(word)) vocab.set(word, vocab.size);
  return vocab;
};

/** Bag-of-words counts over a vocabulary; unknown words are dropped. */
export const vectorize = (text, vocab) => {
  const x = new Array(vocab.size).fill(0);
  for (const word of tokenize(text)) if (vocab.has(word)) x[vocab.get(word)] += 1;
  return x;
};
