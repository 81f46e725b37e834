import { join } from 'node:path';

// Where the graph's caches are: apart from graphCaches.ts, so that checking for them loads nothing else.
export const factsPath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.facts');
export const reversePath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.reverse');
export const listingPath = (gitDir: string) => join(gitDir, 'mlhooks', 'graph-v1.listing');
