import { spawn } from 'node:child_process';
import { MlhooksError } from '../errors.js';
import { createCatFileParser } from './parseCatFileBatch.js';

/**
 * Streams the contents of many blobs from one `git cat-file --batch`: the committed or staged
 * bytes, never the work tree. Each blob is handed to `onBlob` as it arrives, so the caller parses
 * while git is still reading (git runs on another core). Binary-safe, so not through the utf8 execGit.
 */
export const readBlobs = (
  root: string,
  ids: readonly string[],
  onBlob: (id: string, content: Buffer) => void,
): Promise<void> => {
  if (ids.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch', '--buffer'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const parser = createCatFileParser(onBlob);
    let stderr = '';
    let failed: Error | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        parser.push(chunk);
      } catch (error) {
        failed = error as Error;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', (error) =>
      reject(new MlhooksError('E_GIT', `git cat-file failed to start: ${error.message}`, { cause: error })),
    );
    child.on('close', (code) => {
      if (failed) reject(failed);
      else if (code !== 0)
        reject(new MlhooksError('E_GIT', `\`git cat-file --batch\` failed (exit ${code}): ${stderr.trim()}`));
      else {
        try {
          parser.end();
          resolve();
        } catch (error) {
          reject(error);
        }
      }
    });
    // Errors writing stdin (git gone) show up as the exit code above.
    child.stdin.on('error', () => {});
    child.stdin.end(`${ids.join('\n')}\n`);
  });
};
