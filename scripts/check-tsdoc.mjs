#!/usr/bin/env node
// Fails when a publishable package exports a name without TSDoc. For every package under
// packages/ and apps/ that is not private, it asks the TypeScript compiler for the exports of
// src/index.ts (following `export *` and re-exports through any number of files) and reports
// each exported declaration that sits in the package's own src/ and has no `/** … */` comment.
// Names re-exported from another package are that package's business.
// Usage: node scripts/check-tsdoc.mjs [package-dir …]   (default: every publishable package)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function publishablePackages() {
  return ['packages', 'apps'].flatMap((group) =>
    readdirSync(join(root, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(root, group, entry.name))
      .filter((dir) => {
        const manifest = join(dir, 'package.json');
        return existsSync(manifest) && existsSync(join(dir, 'src', 'index.ts')) && JSON.parse(readFileSync(manifest, 'utf8')).private !== true;
      }),
  );
}

// One program for every package (they share tsconfig.base.json): much faster than one each.
function compilerOptions() {
  const { config } = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  return { ...ts.parseJsonConfigFileContent(config, ts.sys, root).options, noEmit: true };
}

/** The node that carries a declaration's doc comment (a variable's comment sits on its statement). */
function documentedNode(declaration) {
  if (ts.isVariableDeclaration(declaration)) return declaration.parent.parent;
  return declaration;
}

function hasTsdoc(declaration) {
  const node = documentedNode(declaration);
  const text = node.getSourceFile().getFullText();
  const comments = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  return comments.some((range) => {
    const comment = text.slice(range.pos, range.end);
    // A file's header (`@packageDocumentation`, `@module`) documents the module, not the first export.
    if (!comment.startsWith('/**') || /@packageDocumentation|@module\b/.test(comment)) return false;
    return comment.replace(/^\/\*\*|\*\/$|^\s*\*/gm, '').trim() !== '';
  });
}

function undocumented(program, dir) {
  const index = join(dir, 'src', 'index.ts');
  const src = join(dir, 'src') + sep;
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index));
  if (moduleSymbol === undefined) return { checked: 0, missing: [] };
  const missing = [];
  let checked = 0;
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const own = (symbol.declarations ?? []).filter((declaration) => declaration.getSourceFile().fileName.startsWith(src.split(sep).join('/')));
    // Overloads and merged declarations: one documented declaration documents the name.
    if (own.length === 0) continue;
    checked++;
    if (own.some(hasTsdoc)) continue;
    const first = own[0];
    const file = first.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(first.getStart());
    missing.push(`${relative(root, file.fileName)}:${line + 1}  ${exported.getName()}`);
  }
  return { checked, missing };
}

const dirs = process.argv.length > 2 ? process.argv.slice(2).map((arg) => resolve(arg)) : publishablePackages();
const program = ts.createProgram(
  dirs.map((dir) => join(dir, 'src', 'index.ts')),
  compilerOptions(),
);
let total = 0;
let names = 0;
for (const dir of dirs) {
  const { checked, missing } = undocumented(program, dir);
  total += missing.length;
  names += checked;
  if (missing.length > 0) console.error(`${relative(root, dir)}: ${missing.length} exported name(s) without TSDoc\n  ${missing.join('\n  ')}`);
}
if (total > 0) {
  console.error(`check-tsdoc: ${total} exported name(s) without a /** … */ comment`);
  process.exitCode = 1;
} else {
  console.log(`check-tsdoc: all ${names} exported names of ${dirs.length} package(s) have TSDoc`);
}
