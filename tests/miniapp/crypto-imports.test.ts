// Nothing the password encryption loads may draw on Math.random: walks the import graph of
// the mini-program's crypto module (its own files, sm-crypto-v2 and the @noble packages under
// it, as Node resolves them) and reads every file's code, comments left out.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'miniapp/src/services/crypto.ts');

const SPECIFIERS = [
  // import … from '…' / export … from '…' (not `import type`)
  /\b(?:import|export)\s+(?!type\s)[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
  // import '…'
  /\bimport\s*['"]([^'"]+)['"]/g,
  // require('…') and import('…'), with a webpack magic comment or not
  /\b(?:require|import)\(\s*(?:\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)/g,
];
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[\s;])\/\/.*$/gm, '$1');
}

function resolve(specifier: string, from: string): string | undefined {
  if (BUILTINS.has(specifier)) return undefined; // never bundled into the mini-program
  if (specifier.startsWith('.')) {
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, path.join(base, 'index.ts')]) {
      try {
        if (readFileSync(candidate) && !candidate.endsWith(path.sep)) return candidate;
      } catch {
        // try the next one
      }
    }
    throw new Error(`cannot resolve ${specifier} from ${from}`);
  }
  return require.resolve(specifier, { paths: [path.dirname(from), path.join(ROOT, 'miniapp')] });
}

function importGraph(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    const code = withoutComments(readFileSync(file, 'utf8'));
    files.set(file, code);
    for (const pattern of SPECIFIERS) {
      for (const match of code.matchAll(pattern)) {
        const target = resolve(match[1]!, file);
        if (target && !files.has(target)) queue.push(target);
      }
    }
  }
  return files;
}

describe('the crypto module’s import graph', () => {
  const graph = importGraph(ENTRY);
  const relative = [...graph.keys()].map((file) => path.relative(ROOT, file));

  it('reaches the random source, sm-crypto-v2 and the @noble code under it', () => {
    expect(relative).toEqual(
      expect.arrayContaining([
        'miniapp/src/services/secure-random.ts',
        'miniapp/src/services/random/hmac-drbg.ts',
        'miniapp/src/services/random/platform-seed.ts',
        expect.stringMatching(/node_modules\/sm-crypto-v2\/dist\//),
        expect.stringMatching(/node_modules\/@noble\/curves\/.*weierstrass/),
        expect.stringMatching(/node_modules\/@noble\/hashes\//),
      ]),
    );
  });

  it('holds no Math.random anywhere', () => {
    const offenders = [...graph].filter(([, code]) => /\bMath\s*(\.\s*random|\[\s*['"]random)/.test(code));
    expect(offenders.map(([file]) => path.relative(ROOT, file))).toEqual([]);
  });

  it('would notice one (the check itself works)', () => {
    expect(/\bMath\s*(\.\s*random|\[\s*['"]random)/.test(withoutComments('const x = Math.random();'))).toBe(
      true,
    );
    expect(/\bMath\s*(\.\s*random|\[\s*['"]random)/.test(withoutComments('// never Math.random'))).toBe(
      false,
    );
  });
});
