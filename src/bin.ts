#!/usr/bin/env node
import { main } from './cli.js';

// Output to pipes and terminals is synchronous on POSIX, so exiting right away loses nothing.
main(process.argv.slice(2)).then((code) => process.exit(code));
