// Parsing manifest text into data plus a YAML document that remembers where every node came from.
import { isAlias, isPair, isScalar, parseDocument, Parser, visit, type Document } from 'yaml';
import type { DiagnosticList } from './diagnostics.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { MAX_NESTING, scanNesting } from './nesting.js';
import type { ManifestFormat } from './read-manifest-file.js';
import type { SourceText } from './source-text.js';

export interface ParsedManifest {
  /** The plain data (objects, arrays, scalars) that the schema validates. */
  data: unknown;
  /** The document the data came from, for source positions. */
  doc: Document;
}

/** Syntax errors reported one by one; the rest are summed up in one more diagnostic. */
const MAX_SYNTAX_ERRORS = 20;

const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces; YAML does not allow tabs for indentation',
  MULTIPLE_DOCS: 'a manifest is a single YAML document; remove the extra "---"',
  BLOCK_AS_IMPLICIT_KEY: 'put a space after each ":" and start nested mappings on a new line',
};

/** Parses YAML or JSON; returns null (with diagnostics recorded) when the syntax is broken. */
export function parseManifestText(source: SourceText, format: ManifestFormat, diagnostics: DiagnosticList): ParsedManifest | null {
  const nesting = scanNesting(source.text);
  if (nesting.deepAt !== null) {
    diagnostics.add('too-deep', `the manifest nests deeper than ${MAX_NESTING} levels here`, { offset: nesting.deepAt }, { hint: 'a manifest needs a few levels; look for unclosed brackets or runaway indentation' });
    return null;
  }
  let jsonData: unknown;
  if (format === 'json') {
    try {
      jsonData = JSON.parse(source.text);
    } catch (err) {
      const found = findJsonSyntaxError(source.text);
      const message = found?.message ?? (err instanceof Error ? err.message : String(err));
      diagnostics.add('json-syntax', `invalid JSON: ${message}`, { offset: found?.offset ?? 0 }, found?.hint === undefined ? {} : { hint: found.hint });
      return null;
    }
  }

  // logLevel 'error': yaml's warnings (e.g. a collection used as a key) would reach process.emitWarning and print
  // `(node:PID) Warning: …` on stderr; the schema reports such keys itself.
  let doc: Document;
  try {
    doc = parseDocument(source.text, { prettyErrors: false, merge: true, keepSourceTokens: false, logLevel: 'error' });
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    reportParserOverflow(source.text, nesting.unclosedAt, diagnostics);
    return null;
  }
  const reported = new Set<number>();
  for (const error of doc.errors) {
    // errors at the very end (an unclosed quote or bracket) point at the last character written
    const offset = Math.min(error.pos[0], source.endOfContent());
    if (reported.has(offset)) continue;
    if (reported.size === MAX_SYNTAX_ERRORS) {
      // one broken quote can make every bracket after it an error: 200,000 of them took minutes to print
      const more = doc.errors.length - MAX_SYNTAX_ERRORS;
      diagnostics.add('yaml-syntax', `invalid YAML: up to ${more} more syntax error${more === 1 ? '' : 's'} from here on (not shown)`, { offset }, { hint: 'fix the first errors: the rest often follow from them' });
      break;
    }
    reported.add(offset);
    if (error.code === 'DUPLICATE_KEY') {
      const key = keyAt(doc, offset);
      diagnostics.add('duplicate-key', key === undefined ? 'duplicate key' : `duplicate key "${key}"`, { offset }, { hint: 'a key may appear only once in a mapping; remove or rename one of them' });
    } else if (format === 'yaml') {
      const hint = YAML_HINTS[error.code];
      diagnostics.add('yaml-syntax', `invalid YAML: ${error.message}`, { offset }, hint === undefined ? {} : { hint });
    }
  }
  if (format === 'yaml') {
    for (const warning of doc.warnings) diagnostics.add('yaml-warning', warning.message, { offset: warning.pos[0] }, { severity: 'warning' });
  }
  if (diagnostics.hasErrors()) return null;
  if (format === 'json') return { data: jsonData, doc };

  if (doc.contents === null) {
    diagnostics.add('empty-file', 'the manifest has no content (only comments)', null, { hint: 'a manifest needs at least a "processes" list' });
    return null;
  }
  try {
    return { data: doc.toJS(), doc };
  } catch (err) {
    reportAliasError(doc, diagnostics, err);
    return null;
  }
}

/** The text of the mapping key that starts at `offset`. */
function keyAt(doc: Document, offset: number): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.range?.[0] === offset) {
        found = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** toJS() throws for aliases to undefined anchors and for alias bombs; point at the alias. */
function reportAliasError(doc: Document, diagnostics: DiagnosticList, err: unknown): void {
  let reported = false;
  visit(doc, {
    Alias(_, alias) {
      if (isAlias(alias) && alias.resolve(doc) === undefined) {
        diagnostics.add('yaml-syntax', `invalid YAML: alias *${alias.source} refers to no anchor`, { offset: alias.range?.[0] ?? 0 }, { hint: `define &${alias.source} before the alias that uses it` });
        reported = true;
      }
    },
  });
  if (!reported) diagnostics.add('yaml-syntax', `invalid YAML: ${err instanceof Error ? err.message : String(err)}`, { offset: 0 });
}

/**
 * yaml's parser recurses once per entry of a flow collection that is never closed (`processes: [` and then a
 * thousand block entries) and overflows the stack. Point at the bracket left open (`unclosed`, from the
 * nesting scan), or else where it gave up.
 */
function reportParserOverflow(text: string, unclosed: number | null, diagnostics: DiagnosticList): void {
  if (unclosed !== null) {
    const bracket = text[unclosed] === '[' ? ['[', ']'] : ['{', '}'];
    diagnostics.add('yaml-syntax', `invalid YAML: this "${bracket[0]}" is never closed (the parser ran out of stack on what follows it)`, { offset: unclosed }, { hint: `close it with "${bracket[1]}", or write the collection as a block, one entry per line` });
    return;
  }
  const parser = new Parser();
  try {
    for (const _token of parser.parse(text));
  } catch {
    // it overflows again, where it did the first time: parser.offset says where
  }
  diagnostics.add('yaml-syntax', 'invalid YAML: the parser ran out of stack here; the structure above is broken or nested too deeply', { offset: parser.offset }, { hint: 'look above for a stray quote or bracket, or indentation that keeps growing' });
}
