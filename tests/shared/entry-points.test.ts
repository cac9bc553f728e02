// @ybm/shared is split by where it runs and used only through its package.json `exports`: the
// contract (.) and gm run on the phone; node and protocol are server-side. These tests pin the
// map, that no file in the repo reaches into shared/src by path, that the contract and gm load
// with no Node built-in, and that lint refuses the mini-program a server-side entry point.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const SOURCE_DIRS = ['bff', 'miniapp/src', 'miniapp/config', 'shared/src', 'tests'];
const SKIPPED = new Set(['node_modules', 'dist', '.temp', 'artifacts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module reached from `entry` by relative imports, with the packages each imports. */
function importGraph(entry: string, into = new Map<string, string[]>()): Map<string, string[]> {
  if (into.has(entry)) return into;
  const specifiers = [...readFileSync(entry, 'utf8').matchAll(/(?:from|import)\s+'([^']+)'/g)].map(
    (match) => match[1] ?? '',
  );
  into.set(
    entry,
    specifiers.filter((id) => !id.startsWith('.')),
  );
  for (const id of specifiers.filter((spec) => spec.startsWith('.'))) {
    const base = path.resolve(path.dirname(entry), id);
    const file = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate));
    if (!file) throw new Error(`${entry}: cannot resolve ${id}`);
    importGraph(file, into);
  }
  return into;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'shared/package.json'), 'utf8')) as {
  exports: Record<string, string>;
  sideEffects: string[];
};

describe('@ybm/shared entry points', () => {
  it('exposes the contract, gm, node and protocol, and marks zod-setup as a side effect', () => {
    expect(pkg.exports).toMatchObject({
      '.': './src/index.ts',
      './gm': './src/gm/index.ts',
      './node': './src/node/index.ts',
      './protocol': './src/protocol/index.ts',
    });
    expect(pkg.sideEffects).toEqual(['./src/zod-setup.ts']);
  });

  it('is never imported by a path into shared/src', () => {
    // Quoted specifiers in import, require and jest.requireActual/mock alike.
    const deep = /['"`]@ybm\/shared\/src[/'"`]/;
    const offenders = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .filter((file) => file !== __filename && deep.test(readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it.each(['src/index.ts', 'src/gm/index.ts'])(
    'reaches no Node built-in, better-sqlite3 or server-side module from %s',
    (entry) => {
      const reached = importGraph(path.join(ROOT, 'shared', entry));
      const files = [...reached.keys()].map((file) => path.relative(path.join(ROOT, 'shared/src'), file));
      expect(files.filter((file) => /^(node|protocol)\//.test(file))).toEqual([]);
      const nodeOnly = [...reached.values()]
        .flat()
        .filter((id) => /^node:|^(fs|path|crypto|os)$|better-sqlite3/.test(id));
      expect(nodeOnly).toEqual([]);
      expect(files).toContain(entry.replace('src/', ''));
    },
  );
});

describe('lint keeps the server-side entry points out of the mini-program', () => {
  jest.setTimeout(60_000);

  /** ESLint's verdict on `lines`, as if they were the file `file`: the lines it refuses. */
  function refusedLines(file: string, lines: string[]): number[] {
    const result = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/eslint/bin/eslint.js'),
        '--stdin',
        '--stdin-filename',
        file,
        '--format',
        'json',
      ],
      { cwd: ROOT, input: `${lines.join('\n')}\nexport const probe = 1;\n`, encoding: 'utf8' },
    );
    const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; line: number }[] }[];
    return (report?.messages ?? [])
      .filter((message) => message.ruleId === 'no-restricted-imports')
      .map((message) => message.line);
  }

  it('refuses the mini-program @ybm/shared/node, /protocol, deep imports and Node built-ins', () => {
    const lines = [
      "import '@ybm/shared/node';",
      "import '@ybm/shared/protocol';",
      "import '@ybm/shared/src/errors';",
      "import 'node:fs';",
      "import 'path';",
      "import 'better-sqlite3';",
    ];
    expect(new Set(refusedLines('miniapp/src/services/lint-probe.ts', lines))).toEqual(
      new Set([1, 2, 3, 4, 5, 6]),
    );
  });

  it('allows the mini-program the contract and gm', () => {
    const lines = ["import '@ybm/shared';", "import '@ybm/shared/gm';", "import './http';"];
    expect(refusedLines('miniapp/src/services/lint-probe.ts', lines)).toEqual([]);
  });

  it('refuses the contract Node built-ins and the server-side modules', () => {
    const lines = [
      "import 'node:fs';",
      "import './node';",
      "import './protocol/paths';",
      "import './money';",
    ];
    expect(new Set(refusedLines('shared/src/lint-probe.ts', lines))).toEqual(new Set([1, 2, 3]));
  });
});
