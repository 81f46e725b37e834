// The worker thread that reads and scans blobs for a cold graph (loaded by parseWorkerEntry.ts):
// the main thread resolves what it sends meanwhile. See parseInWorker.ts for the protocol.

import { parentPort, workerData } from 'node:worker_threads';
import { saveCompileCache } from '../../compileCache.js';
import { streamBlobs } from '../../git/streamBlobs.js';
import { factsBody, keyJson, type Packed, pack } from './factsJson.js';
import { saveFactsJson } from './graphCaches.js';
import type { ParseReply, ParseStart } from './parseInWorker.js';
import { factsPlace, KIND_COUNT, kindsOf, type ParseJob } from './parseJob.js';
import { scanBlob } from './scanBlob.js';
import { initJsScanner } from './scanJs.js';

// Entries per message: enough to keep the messages few, few enough for the main thread to start early.
const BATCH = 256;

const port = parentPort!;
const { root } = workerData as ParseStart;
const post = (reply: ParseReply) => port.postMessage(reply);
// The lexer's WebAssembly compiles (on V8's threads) while the main thread lists the files: done
// well before the job comes, which waits for it.
const scanner = initJsScanner();
scanner.catch(() => {});

const run = async (job: ParseJob) => {
  try {
    await scanner;
    // Each blob named once (the sender merged repeats): the places sent back are in `ids` as they are.
    const { ids, kinds, saveTo } = job;
    // What each character of `kinds` asks for, worked out once.
    const asked = Array.from({ length: KIND_COUNT }, (_, k) => kindsOf(48 + k));
    let configsLeft = 0;
    for (let k = 0; k < kinds.length; k++) if (asked[kinds.charCodeAt(k) - 48]!.config) configsLeft++;
    const configs: [string, string][] = [];
    let configsSent = false;
    const sendConfigs = () => {
      if (configsSent) return;
      configsSent = true;
      post({ configs });
    };
    if (configsLeft === 0) sendConfigs();
    // Each batch goes as JSON, the cache's own form of the facts, with their places in the job (the
    // main thread knows the keys): a cold cache is the batches put together, under their keys.
    const texts: string[] = [];
    const keyTexts: string[] = [];
    let batch: Packed[] = [];
    let at: number[] = [];
    let keys: string[] = [];
    let scanned = 0;
    const send = () => {
      const json = JSON.stringify(batch);
      post({ facts: json, at });
      // Kept as one flat string per batch: a string per key would be copied by every collection.
      if (saveTo && batch.length > 0) {
        texts.push(json.slice(1, -1));
        keyTexts.push(keys.join(','));
      }
      batch = [];
      at = [];
      keys = [];
    };
    await streamBlobs(root, ids, (id, blob, place) => {
      const { langs, config } = asked[kinds.charCodeAt(place) - 48]!;
      if (config) {
        configs.push([id, blob.toString('utf8')]);
        if (--configsLeft === 0) sendConfigs();
      }
      for (const lang of langs) {
        batch.push(pack(scanBlob(blob, lang)));
        at.push(factsPlace(place, lang));
        if (saveTo) keys.push(keyJson(id, lang));
        scanned++;
      }
      if (batch.length >= BATCH) send();
    });
    sendConfigs();
    if (batch.length > 0) send();
    post({ done: scanned });
    // What this thread compiled, for the next cold run (only when it had no cache yet).
    saveCompileCache();
    // The facts cache of a cold graph is what was scanned here: written here, while the main
    // thread finishes the graph.
    if (saveTo) post({ saved: saveFactsJson(saveTo, factsBody(keyTexts, texts)) });
  } catch (error) {
    post({ error: (error as Error).message });
  }
};

port.once('message', run);
