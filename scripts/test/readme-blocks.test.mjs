// How scripts/check-readme-commands.mjs reads the READMEs: which blocks need a marker, what
// each marker means, and what counts as a command .ci/run runs.
// Run: node --test scripts/test/
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandBlocks, commandsOf, parseMarker, scriptRuns } from '../lib/readme-blocks.mjs';

const fence = '```';

describe('readme blocks', () => {
  it('markers: run, run by, not run with a reason; anything else is invalid', () => {
    assert.deepEqual(parseMarker('<!-- readme: run -->'), { kind: 'run' });
    assert.deepEqual(parseMarker('  <!--readme: run by .ci/run-->'), { kind: 'run-by', by: '.ci/run' });
    assert.deepEqual(parseMarker('<!-- readme: not run: a host config -->'), { kind: 'not-run', why: 'a host config' });
    assert.deepEqual(parseMarker('<!-- readme: not run -->'), { kind: 'invalid', text: 'not run' }); // a reason is required
    assert.deepEqual(parseMarker('<!-- readme: runnable -->'), { kind: 'invalid', text: 'runnable' });
    assert.equal(parseMarker('<!-- a comment -->'), undefined);
    assert.equal(parseMarker('text'), undefined);
  });

  it('shell blocks and MCP host configs need a marker; code, output and other JSON do not', () => {
    const text = [
      '<!-- readme: run -->',
      '',
      `${fence}sh`, 'pnpm demo', fence,
      `${fence}bash`, 'echo unmarked', fence,
      `${fence}ts`, 'const a = 1;', fence,
      `${fence}text`, '$ not a command block', fence,
      `${fence}json`, '{ "server": "raindropio" }', fence,
      '<!-- readme: not run: a host config -->',
      `${fence}json`, '{ "mcpServers": {} }', fence,
      `${fence}sh`, `${fence}ts is not a closing fence`, fence,
      `${fence}sh`, 'after it', fence,
    ].join('\n');
    const blocks = commandBlocks(text);
    assert.deepEqual(blocks.map(({ line, language, marker }) => [line, language, marker?.kind]), [
      [3, 'sh', 'run'],
      [6, 'bash', undefined],
      [19, 'json', 'not-run'],
      [22, 'sh', undefined],
      [25, 'sh', undefined],
    ]);
    assert.equal(blocks[0].body, 'pnpm demo');
  });

  it('commands: comments dropped, && chains and continued lines joined into commands', () => {
    assert.deepEqual(commandsOf('corepack enable && pnpm install && pnpm demo   # the demo\n# a comment\npnpm test\n'), [
      'corepack enable', 'pnpm install', 'pnpm demo', 'pnpm test',
    ]);
    assert.deepEqual(commandsOf("res-testkit-server --tool a \\\n  --fault 'a=hang'"), ["res-testkit-server --tool a    --fault 'a=hang'"]);
  });

  it('a script runs a command when a line starts with it (more arguments allowed) or chains it; comments do not count', () => {
    const script = '#!/usr/bin/env bash\n# pnpm bench\ncorepack enable\n  pnpm install --frozen-lockfile\ncd x && pnpm test\n';
    assert.ok(scriptRuns(script, 'corepack enable'));
    assert.ok(scriptRuns(script, 'pnpm install'));
    assert.ok(scriptRuns(script, 'pnpm test'));
    assert.ok(!scriptRuns(script, 'pnpm bench'));
    assert.ok(!scriptRuns(script, 'pnpm install --prod'));
    assert.ok(!scriptRuns(script, 'corepack'.slice(0, 4))); // 'core' is not 'corepack enable'
  });
});
