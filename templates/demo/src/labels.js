// Class index -> name. The model's output column i is the probability of LABELS[i].
export const LABELS = ['negative', 'positive'];
