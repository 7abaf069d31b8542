/**
 * Grammar snapshot tests: every `test/grammar/*.ris` fixture is tokenized with the TextMate grammar
 * (vscode-textmate + vscode-oniguruma, no VS Code) and compared with the `.ris.snap` file beside it.
 * Run with `UPDATE_SNAPSHOTS=1` to rewrite the snapshots, then review the diff: a snapshot is the
 * expectation.
 *
 * Snapshot format, one token per line: `line:start-end scopes "text"`, with a 1-based line, 0-based
 * columns (end exclusive), the scopes below the root `source.ris` separated by spaces (`-` when the
 * token has only the root scope), and the text as a JSON string. Blank lines produce no tokens.
 */

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { parseTagLine } from '../../../src/core/ris/parser';
import { corpusDir, findRepoRoot } from '../helpers/repo';

const SCOPE = 'source.ris';
/** Where the grammar lives when package.json does not contribute it (the manifest test checks the wiring). */
const DEFAULT_GRAMMAR = 'syntaxes/ris.tmLanguage.json';


const ROOT = findRepoRoot();
const FIXTURES = path.join(ROOT, 'test', 'grammar');
const CORPUS = corpusDir();

interface GrammarContribution {
  language?: string;
  scopeName?: string;
  path?: string;
}

/** The grammar file: from package.json's `contributes.grammars` when present, else the known path. */
function grammarPath(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: GrammarContribution[] };
  };
  const entry = manifest.contributes?.grammars?.find((g) => g.scopeName === SCOPE);
  return path.join(ROOT, entry?.path ?? DEFAULT_GRAMMAR);
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

/** Loads oniguruma and the RIS grammar once. */
function loadGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) => {
        if (scopeName !== SCOPE) return null;
        const file = grammarPath();
        return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
      },
    });
    const grammar = await registry.loadGrammar(SCOPE);
    if (!grammar) throw new Error(`grammar ${SCOPE} did not load from ${grammarPath()}`);
    return grammar;
  })();
  return grammarPromise;
}

interface Token {
  /** 1-based line. */
  readonly line: number;
  readonly start: number;
  readonly end: number;
  /** Scopes below the root. */
  readonly scopes: readonly string[];
  readonly text: string;
}

/** Tokenizes `text`, splitting lines the way VS Code does (CRLF, LF or a bare CR). */
function tokenize(grammar: vsctm.IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let state: vsctm.StateStack = vsctm.INITIAL;
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((lineText, i) => {
    const result = grammar.tokenizeLine(lineText, state);
    state = result.ruleStack;
    for (const t of result.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      if (t.startIndex >= end) continue;
      tokens.push({ line: i + 1, start: t.startIndex, end, scopes: t.scopes.slice(1), text: lineText.slice(t.startIndex, end) });
    }
  });
  return tokens;
}

function formatSnapshot(tokens: readonly Token[]): string {
  return tokens
    .map((t) => `${t.line}:${t.start}-${t.end} ${t.scopes.length > 0 ? t.scopes.join(' ') : '-'} ${JSON.stringify(t.text)}`)
    .join('\n')
    .concat('\n');
}

async function tokensOf(text: string): Promise<Token[]> {
  return tokenize(await loadGrammar(), text);
}

/** The token that covers `text` on `line` (1-based), where `text` starts at its first occurrence. */
function tokenAt(tokens: readonly Token[], line: number, text: string, source: string): Token {
  const lineText = source.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const col = lineText.indexOf(text);
  assert.ok(col >= 0, `"${text}" is not on line ${line}: ${JSON.stringify(lineText)}`);
  const token = tokens.find((t) => t.line === line && t.start <= col && col < t.end);
  assert.ok(token, `no token at ${line}:${col}`);
  return token;
}

function scopesOf(tokens: readonly Token[], line: number, text: string, source: string): readonly string[] {
  const token = tokenAt(tokens, line, text, source);
  assert.equal(token.text, text, `token at ${line} is ${JSON.stringify(token.text)}, expected ${JSON.stringify(text)}`);
  return token.scopes;
}

describe('RIS grammar', () => {
  describe('snapshots', () => {
    const fixtures = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.ris')).sort();

    it('has fixtures', () => {
      assert.ok(fixtures.length >= 8, `only ${fixtures.length} fixtures in ${FIXTURES}`);
    });

    for (const name of fixtures) {
      it(`tokenizes ${name} as its snapshot`, async () => {
        const actual = formatSnapshot(await tokensOf(fs.readFileSync(path.join(FIXTURES, name), 'utf8')));
        const snapFile = path.join(FIXTURES, `${name}.snap`);
        if (process.env['UPDATE_SNAPSHOTS'] === '1') {
          fs.writeFileSync(snapFile, actual);
          return;
        }
        assert.ok(fs.existsSync(snapFile), `missing snapshot ${snapFile}; run with UPDATE_SNAPSHOTS=1`);
        assert.equal(actual, fs.readFileSync(snapFile, 'utf8'), `${name} no longer matches ${name}.snap`);
      });
    }
  });

  describe('scopes', () => {
    it('gives TY, its value and ER their own scopes', async () => {
      const src = 'TY  - JOUR\nAU  - Doe, Jane\nER  - \n';
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 1, 'TY', src).includes('keyword.control.begin.ris'));
      assert.ok(scopesOf(tokens, 1, 'JOUR', src).includes('support.type.reference.ris'));
      assert.ok(scopesOf(tokens, 1, '  - ', src).includes('punctuation.separator.ris'));
      assert.ok(scopesOf(tokens, 2, 'AU', src).includes('entity.name.tag.ris'));
      assert.ok(scopesOf(tokens, 2, 'Doe, Jane', src).includes('variable.other.author.ris'));
      assert.ok(scopesOf(tokens, 3, 'ER', src).includes('keyword.control.end.ris'));
      assert.ok(scopesOf(tokens, 2, 'AU', src).includes('meta.record.ris'));
    });

    it('marks the separator of a one-space line invalid and still scopes tag and value', async () => {
      const src = 'TY  - JOUR\nAU - X\nER  - \n';
      const tokens = await tokensOf(src);
      const sep = scopesOf(tokens, 2, ' - ', src);
      assert.ok(sep.includes('invalid.illegal.separator.ris'), sep.join(' '));
      assert.ok(sep.includes('punctuation.separator.ris'));
      assert.ok(scopesOf(tokens, 2, 'AU', src).includes('entity.name.tag.ris'));
      assert.ok(scopesOf(tokens, 2, 'X', src).includes('variable.other.author.ris'));
    });

    it('marks lowercase tags, tabs, indentation and a missing space after the hyphen', async () => {
      const src = 'TY  - JOUR\nau  - Doe\nA1\t- Roe\n  KW  - k\nAU  -Poe\nER  - \n';
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 2, 'au', src).includes('invalid.illegal.tag.lowercase.ris'));
      assert.ok(scopesOf(tokens, 3, '\t- ', src).includes('invalid.illegal.separator.ris'));
      assert.ok(scopesOf(tokens, 4, '  ', src).includes('invalid.illegal.indentation.ris'));
      assert.ok(scopesOf(tokens, 4, 'KW', src).includes('entity.name.tag.ris'));
      assert.ok(scopesOf(tokens, 5, '  -', src).includes('invalid.illegal.separator.ris'));
      assert.ok(scopesOf(tokens, 5, 'Poe', src).includes('variable.other.author.ris'));
    });

    it('accepts the Cochrane two spaces after the hyphen and the bare "ER  -"', async () => {
      const src = 'TY  -  JOUR\nER  -\n';
      const tokens = await tokensOf(src);
      const sep = scopesOf(tokens, 1, '  -  ', src);
      assert.ok(!sep.some((s) => s.startsWith('invalid')), sep.join(' '));
      assert.ok(!scopesOf(tokens, 2, '  -', src).some((s) => s.startsWith('invalid')));
    });

    it('scopes dates, DOIs and URLs', async () => {
      const src = [
        'TY  - JOUR',
        'Y1  - 1998///Spring',
        'DO  - 10.1016/S0140-6736(20)30183-5',
        'UR  - https://example.org/a; https://example.org/b',
        'N1  - see doi:10.5555/x.1.',
        'ER  - ',
      ].join('\n');
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 2, '1998///', src).includes('constant.numeric.date.ris'));
      assert.ok(scopesOf(tokens, 3, '10.1016/S0140-6736(20)30183-5', src).includes('markup.underline.link.doi.ris'));
      assert.ok(scopesOf(tokens, 4, 'https://example.org/a', src).includes('markup.underline.link.ris'));
      assert.ok(scopesOf(tokens, 4, 'https://example.org/b', src).includes('markup.underline.link.ris'));
      assert.ok(scopesOf(tokens, 5, '10.5555/x.1', src).includes('markup.underline.link.doi.ris'));
    });

    it('scopes continuation lines, and untagged lines outside records as comments', async () => {
      const src = 'Provider: JSTOR\nTY  - JOUR\nKW  - one\ntwo\nER  - \nLink to the full text\n';
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 1, 'Provider: JSTOR', src).includes('comment.line.outside-record.ris'));
      assert.ok(scopesOf(tokens, 4, 'two', src).includes('string.unquoted.continuation.ris'));
      assert.ok(scopesOf(tokens, 6, 'Link to the full text', src).includes('comment.line.outside-record.ris'));
    });

    it('splits CRLF and bare-CR lines as VS Code does, and marks a stray byte-order mark', async () => {
      const src = 'TY  - JOUR\r\nAD  - Univ A\rAD  - Univ B\r\n\uFEFFKW  - k\r\nER  - \r\n';
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 3, 'AD', src).includes('entity.name.tag.ris'));
      assert.ok(scopesOf(tokens, 3, 'Univ B', src).includes('string.unquoted.value.ris'));
      assert.ok(scopesOf(tokens, 4, '\uFEFF', src).includes('invalid.illegal.indentation.ris'));
      assert.ok(scopesOf(tokens, 5, 'ER', src).includes('keyword.control.end.ris'));
    });

    it('does not take a mixed-case word with one space before a hyphen for a tag', async () => {
      const src = 'TY  - JOUR\nAB  - text\nUp - regulation of genes\nER  - \n';
      const tokens = await tokensOf(src);
      assert.ok(scopesOf(tokens, 3, 'Up - regulation of genes', src).includes('string.unquoted.continuation.ris'));
    });
  });

  describe('agreement with the parser', () => {
    const TAG_SCOPES = ['entity.name.tag.ris', 'keyword.control.begin.ris', 'keyword.control.end.ris'];
    const SEPARATOR_ISSUES = ['separator-spacing', 'separator-tab', 'no-space-after-hyphen'];

    /** Checks that the grammar, tokenizing `line` on its own, classifies it as parseTagLine does. */
    async function agree(line: string, where: string): Promise<void> {
      const tokens = tokenize(await loadGrammar(), line);
      const info = parseTagLine(line);
      const tag = tokens.find((t) => t.scopes.some((s) => TAG_SCOPES.includes(s)));
      const label = `${where}: ${JSON.stringify(line.slice(0, 80))}`;
      assert.equal(tag !== undefined, info !== undefined, `tag line? ${label}`);
      if (!info || !tag) return;
      assert.deepEqual([tag.start, tag.end], [info.tagStart, info.tagEnd], `tag span, ${label}`);
      const has = (scope: string): boolean => tokens.some((t) => t.scopes.includes(scope));
      assert.equal(has('invalid.illegal.tag.lowercase.ris'), info.issues.includes('lowercase-tag'), `lowercase, ${label}`);
      assert.equal(has('invalid.illegal.tag.long.ris'), info.issues.includes('long-tag'), `long tag, ${label}`);
      assert.equal(has('invalid.illegal.indentation.ris'), info.issues.includes('indented'), `indented, ${label}`);
      assert.equal(
        has('invalid.illegal.separator.ris'),
        info.issues.some((i) => SEPARATOR_ISSUES.includes(i)),
        `separator, ${label}`,
      );
      const sep = tokens.find((t) => t.start === info.tagEnd);
      assert.ok(sep && sep.scopes.includes('punctuation.separator.ris'), `separator token, ${label}`);
      assert.equal(sep.end, info.valueStart, `value start, ${label}`);
    }

    it('classifies tag lines like parseTagLine on the fixtures and on edge cases', async () => {
      const edge = [
        'AU  - x', 'AU  -', 'AU  -  ', 'AU  -x', 'AU  -\tx', 'AU  - \tx', 'AU  -\u00a0x', 'AU - x', 'AU -x', 'AU\t- x',
        'AU \t- x', 'AU   -', 'au  - x', 'au  -x', 'au - x', 'zz  - x', 'ZZ  - x', 'ZZ - x', 'Z9  - x', '9Z  - x',
        'WE - x', 'WE  - x', 'we  - x', 'PMID  - 1', 'PMID- 1', 'PMID - 1', 'ABC  - x', 'ABC  -x', 'A1B  - x',
        'ABCDE  - x', '  TY  - JOUR', '\uFEFFTY  - JOUR', '\u00a0ER  -', 'ER', 'ER -', 'er  - ', 'TY\t-\tJOUR',
        '- x', 'A  - x', 'text - with hyphen', '',
      ];
      for (const line of edge) await agree(line, 'edge case');
      for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.ris'))) {
        const lines = fs.readFileSync(path.join(FIXTURES, name), 'utf8').split(/\r\n|\r|\n/);
        for (const line of lines) await agree(line, name);
      }
    });

    it('classifies tag lines like parseTagLine on the research corpus (first 400 lines of each file)', async function () {
      assert.ok(fs.existsSync(CORPUS), `RIS corpus not found: ${CORPUS}`);
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/\.ris$/i.test(e.name)) files.push(p);
        }
      };
      walk(CORPUS);
      assert.ok(files.length > 50);
      for (const file of files) {
        let text = fs.readFileSync(file, 'utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const lines = text.split(/\r\n|\r|\n/).slice(0, 400);
        for (const line of lines) await agree(line, path.relative(CORPUS, file));
      }
    });
  });

  describe('language configuration', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8')) as {
      brackets: [string, string][];
      wordPattern: string;
      comments?: unknown;
    };

    it('declares brackets and no comment syntax', () => {
      assert.deepEqual(config.brackets, [['(', ')'], ['[', ']'], ['{', '}']]);
      assert.equal(config.comments, undefined);
    });

    it('has a word pattern that takes a DOI, a tag and a hyphenated name as one word', () => {
      const word = new RegExp(config.wordPattern, 'g');
      assert.deepEqual('DO  - 10.1016/S0140-6736(20)30183-5.'.match(word), ['DO', '10.1016/S0140-6736(20)30183-5']);
      assert.deepEqual('AU  - Smith-Jones, Anne-Marie'.match(word), ['AU', 'Smith-Jones', 'Anne-Marie']);
      assert.deepEqual('TY  - JOUR'.match(word), ['TY', 'JOUR']);
    });
  });
});
