// Fails when src/api/schema.d.ts no longer matches ../openapi.yaml.
// Regenerates into a temp file with the same CLI as `npm run gen:api` and compares bytes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const spec = resolve(root, '../openapi.yaml');
const committed = resolve(root, 'src/api/schema.d.ts');
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');

if (!existsSync(spec)) {
  console.error(`check:api: ${spec} does not exist`);
  process.exit(1);
}
if (!existsSync(committed)) {
  console.error('src/api/schema.d.ts is missing: run npm run gen:api');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'techmarket-api-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  const run = spawnSync(process.execPath, [cli, spec, '-o', fresh], { cwd: root, encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    console.error('check:api: openapi-typescript failed');
    process.exit(1);
  }
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('src/api/schema.d.ts is out of date: run npm run gen:api');
    process.exit(1);
  }
  console.log('check:api: src/api/schema.d.ts matches ../openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
