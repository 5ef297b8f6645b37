// Where the project's policies, docs and examples are, found from this compiled file (dist/test/policies/).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('../../../', import.meta.url)));
export const POLICIES = path.join(PROJECT_ROOT, 'policies');
export const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
export const BIN = path.join(PROJECT_ROOT, 'bin', 'verdict.js');
