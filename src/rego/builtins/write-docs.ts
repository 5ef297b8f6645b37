/** `npm run docs`: regenerates the docs that are generated from code. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderBuiltinsDoc } from './docs.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
writeFileSync(`${root}docs/builtins.md`, renderBuiltinsDoc());
console.log('wrote docs/builtins.md');
