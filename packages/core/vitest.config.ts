import ts from 'typescript';
import { defineProject, type Plugin } from 'vitest/config';

/**
 * Lowers standard (TC39) decorators in test files. vitest 4.1 runs on vite 8, whose
 * compiler (oxc) lowers only legacy decorators, and Node 20 cannot parse standard
 * ones (vitest#9876, oxc#9170). So, before vite sees a test file that uses `@`
 * decorators, TypeScript itself compiles it to ES2022, which lowers them exactly
 * as `tsc` does for users. Other files are left to vite.
 */
function standardDecorators(): Plugin {
  const usesDecorators = /^\s*@[A-Za-z_$]/m;
  return {
    name: 'res:standard-decorators',
    enforce: 'pre',
    transform(code, id) {
      if (!/\/test\/.*\.ts$/.test(id) || !usesDecorators.test(code)) return null;
      const out = ts.transpileModule(code, {
        fileName: id,
        compilerOptions: {
          target: ts.ScriptTarget.ES2022,
          module: ts.ModuleKind.ESNext,
          verbatimModuleSyntax: true,
          sourceMap: true,
        },
      });
      return { code: out.outputText, map: out.sourceMapText ?? null };
    },
  };
}

export default defineProject({
  plugins: [standardDecorators()],
  test: {
    include: ['test/**/*.test.ts'],
  },
});
