// The command blocks of the READMEs and docs, and what each one's marker says about it.
// A block that holds commands (```sh, ```bash, ```shell, ```console) or an MCP host config
// (```json with "mcpServers") carries a marker on the line before its fence:
//   <!-- readme: run -->                   scripts/check-readme-commands.mjs runs it (bash, repo root)
//   <!-- readme: run by .ci/run -->        every command in it is a command .ci/run runs
//   <!-- readme: run by scripts/x.mjs -->  that script runs it (and says so: it contains this marker)
//   <!-- readme: not run: <why> -->        explicitly not run, with the reason
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const commandLanguages = new Set(['sh', 'bash', 'shell', 'console']);

/** Every Markdown file whose commands must stay true: root, apps, packages, docs, examples. */
export function readmeFiles(root) {
  const inDirs = (group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => join(root, group, entry.name, 'README.md'))
      : [];
  const docs = existsSync(join(root, 'docs')) ? readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join(root, 'docs', name)) : [];
  return [join(root, 'README.md'), ...inDirs('apps'), ...inDirs('packages'), ...docs, join(root, 'examples', 'README.md')]
    .filter((file) => existsSync(file))
    .map((file) => relative(root, file));
}

/** Parses `<!-- readme: … -->`; returns `{ kind: 'run' | 'run-by' | 'not-run', by?, why? }`, or `{ kind: 'invalid' }`. */
export function parseMarker(line) {
  const match = /^<!--\s*readme:\s*(.*?)\s*-->$/.exec(line.trim());
  if (!match) return undefined;
  const text = match[1];
  if (text === 'run') return { kind: 'run' };
  const by = /^run by (\S+)$/.exec(text);
  if (by) return { kind: 'run-by', by: by[1] };
  const not = /^not run:\s*(\S.*)$/.exec(text);
  if (not) return { kind: 'not-run', why: not[1] };
  return { kind: 'invalid', text };
}

/** The fenced blocks of `text` that need a marker: `{ line, language, body, marker }` (line is 1-based, the fence's). */
export function commandBlocks(text) {
  const lines = text.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const [, , fence, language] = open;
    let end = i + 1;
    // A closing fence is the fence's character, at least as many, and nothing else.
    const closes = new RegExp(`^\\s*${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (end < lines.length && !closes.test(lines[end])) end++;
    const body = lines.slice(i + 1, end).join('\n');
    const hostConfig = (language === 'json' || language === 'jsonc') && body.includes('"mcpServers"');
    if (commandLanguages.has(language) || hostConfig) {
      let before = i - 1;
      while (before >= 0 && lines[before].trim() === '') before--;
      found.push({ line: i + 1, language, body, marker: before >= 0 ? parseMarker(lines[before]) : undefined });
    }
    i = end;
  }
  return found;
}

/** The commands of a shell block: comments dropped, `&&` chains split, one command per entry. */
export function commandsOf(body) {
  return body
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#(\s.*)?$/, '').trim())
    .flatMap((line) => line.split('&&').map((command) => command.trim()))
    .filter(Boolean);
}

/** True when the shell script `script` runs `command` (maybe with more arguments after it); comments do not count. */
export function scriptRuns(script, command) {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .some((line) => line === command || line.startsWith(`${command} `) || line.includes(`&& ${command}`));
}

/** The blocks of every README marked `run by <script>`: `{ file, line, body }`. */
export function blocksRunBy(root, script) {
  return readmeFiles(root).flatMap((file) =>
    commandBlocks(readFileSync(join(root, file), 'utf8'))
      .filter((block) => block.marker?.kind === 'run-by' && block.marker.by === script)
      .map((block) => ({ file, line: block.line, body: block.body })),
  );
}
