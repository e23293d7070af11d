#!/usr/bin/env node
// `npm run bench [-- name ...]`: runs test/bench/*.bench.ts through tsx and prints one table.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../test/bench/index.ts');
process.exitCode = await main(process.argv.slice(2));
