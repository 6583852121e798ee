// The fact sheets in docs/servers are the project's shared/servers, copied into the repository so
// that a clone alone can run the catalog drift check (packages/testkit/src/contract/fact-sheet.ts).
// Where shared/ sits beside the repository (as in CI), the copies must equal it byte for byte.
// Run: node --test scripts/test/
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const copies = join(root, 'docs', 'servers');
const shared = join(root, '..', 'shared', 'servers');
const sheets = (dir) => readdirSync(dir).filter((name) => name.endsWith('.json')).sort();

describe('fact sheets', () => {
  it('docs/servers holds a parseable fact sheet with tools for each of the nine servers', () => {
    assert.equal(sheets(copies).length, 9);
    for (const name of sheets(copies)) {
      const sheet = JSON.parse(readFileSync(join(copies, name), 'utf8'));
      assert.ok(Array.isArray(sheet.tools) && sheet.tools.length > 0, `${name} has tools`);
    }
  });

  it('docs/servers equals ../shared/servers where shared/ is beside the repository', () => {
    if (!existsSync(shared)) {
      // Loud, not silent: a clone without shared/ beside it cannot compare.
      console.warn(`fact sheets: ${shared} is not there, so docs/servers was NOT compared with the shared fact sheets`);
      return;
    }
    assert.deepEqual(sheets(copies), sheets(shared));
    for (const name of [...sheets(shared), 'README.md']) {
      assert.equal(readFileSync(join(copies, name), 'utf8'), readFileSync(join(shared, name), 'utf8'), `docs/servers/${name} differs from shared/servers/${name}: copy it over`);
    }
  });
});
