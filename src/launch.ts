// The CLI's run, loaded by bin.ts once the code cache is on (dist/launch.cjs).
import { main } from './cli.js';

// Writes to a pipe or socket (git run from an IDE, CI, `| tee`) are asynchronous in Node: exit only
// once everything written has been handed to the OS, or the end of a long report is lost.
main(process.argv.slice(2)).then((code) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),
);
