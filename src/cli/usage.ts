/**
 * The text `ris-references --help` prints: every command, its options and its exit codes.
 */
import { fixRulesHelp } from './commands/fix';

/** The usage text (printed for `--help`, and after a usage error). */
export const USAGE = `Usage:
  ris-references check [--json] [--hints] [--rule CODE=SEVERITY]... PATH...
      Validates RIS files (folders are searched recursively for *.ris), and the
      citations of the Markdown files given (*.md) against their front matter's
      bibliography, or else against the RIS files given (ris.unknown-citation). Prints
      file:line:col severity code message, or a JSON array with --json. Hints are
      listed only with --hints (--json always lists them).
      --rule sets a rule's severity (ignore|hint|info|warning|error), e.g.
      --rule pandoc-incompatible=error. Exit 0 when no error-level diagnostic, 1 otherwise.
  ris-references fix [--pandoc] [--rule CODE]... [--check | --diff] PATH...
      Applies the editor's file-wide fixes to RIS files in place (folders are searched
      recursively for *.ris) and lists the files it changed. Without --pandoc or --rule,
      every fix below; --pandoc only "RIS: Make File Readable by pandoc"; --rule CODE
      (repeatable) only the fix for CODE:
${fixRulesHelp('        ')}      --check changes nothing and lists the files that would change; --diff changes
      nothing and prints a unified diff. A file is replaced atomically and keeps its
      encoding, byte-order mark and line endings; a file that is not a regular file or
      does not decode cleanly (not UTF-8, invalid bytes) is left alone and reported.
      Exit 0 when done (or nothing would change), 1 when a file would change (--check,
      --diff) or could not be fixed.
  ris-references parse --json FILE
      Prints the records of a RIS file as JSON (type, fields with tag, value and line),
      and the non-blank lines outside records (outside: line, text, kind: header,
      numbering, link, tag, text or end-without-start).
  ris-references keys [--json] FILE...
      Prints the citation key pandoc gives each record (file:line<TAB>key<TAB>notes),
      reading the files as one bibliography in the order given (--bibliography order).
      Notes say when a key must be cited as @{key}, cannot be cited, or is hidden by a
      later record with the same key. --json prints [{key, file, line, type, citable,
      needsBraces, problem, baseKey, fromId, hiddenBy, mergedInto}].
  ris-references export --to csl-json|bibtex|ris [--cited-in DOC.md] [--out FILE [--force]] [PATH...]
      Writes the references of the RIS files (read as one bibliography in the order
      given; folders are searched recursively for *.ris) as CSL-JSON, BibTeX or
      normalised RIS, keeping pandoc's citation keys. --cited-in exports only the
      references DOC.md cites (without PATH, from the RIS files of its front-matter
      bibliography). Writes to stdout, or to FILE with --out (an existing
      FILE only with --force). Exit 1 when a file cannot be read or a cited key is in
      no reference (what can be exported is still written).
  ris-references format [--style NAME|FILE.csl] [--locale LANG|FILE.xml] [--cited-in DOC.md]
                        [--output text|markdown|html] [PATH...]
      Prints a bibliography in a CSL style: apa (default), vancouver, harvard, or a .csl
      file. Lists every reference of the RIS files, or with --cited-in only those DOC.md
      cites, in the style's order. With --cited-in and no PATH, the files, style (csl) and
      locale (lang) of DOC.md's front matter are used. Exit 1 when a file cannot be read,
      a cited key is in no reference, or a reference cannot be formatted (it is printed
      as its key and title).
  ris-references duplicates [--json] [--possible] [--merge-conference-abstracts]
                            [--merge-preprints] PATH...
      Finds the records that are the same reference across all the RIS files given
      (folders are searched recursively for *.ris): same DOI, or the same title with
      authors, year, journal, volume and pages that agree; never two records with
      different DOIs, years more than one apart, different pages or volumes of one
      journal, an erratum, reply or comment and its article, or (unless --merge-…) a
      conference abstract and a journal article, a preprint and its publication.
      Prints each group with its reasons, or with --json
      {"groups":[{"decision","reasons","members":[{"file","line","id","key"}]}]}
      (id: the record's ID or null; key: its pandoc citation key). --possible also lists
      pairs a person should decide (decision "possible"). Counts go to stderr.
      Exit 0, or 1 when a file cannot be read.
  ris-references dedupe --out FILE [--force] [--merge-conference-abstracts]
                        [--merge-preprints] PATH...
      Writes one RIS file with one record per group of duplicates (as 'duplicates'
      finds them) and every other record unchanged, in the order of the files given; the
      input files are never changed. A merged record is the most complete one (DOI, most
      fields) plus every value the others have that it lacks (the longest abstract, each
      keyword, note, link...), and one provenance note per source record:
        N1  - ris-references:source file=NAME; line=N; id=ID
      (';', '=', '%' and line breaks in a value written %3B, %3D, %25, %0A). Prints the
      PRISMA counts to stderr: records in, duplicates removed, records out. An existing
      FILE is overwritten only with --force. Exit 0, or 1 when a file cannot be read or
      FILE cannot be written.
  ris-references prisma [--json | --csv | --svg] [--init [--force]] [MANIFEST]
      PRISMA 2020 counts of a systematic review from its manifest (review.yaml in the
      current folder, or MANIFEST: the file or its folder) and the RIS files it names:
      records per database, duplicates, screened, excluded, assessed, included. Without
      a manifest, from the folder names (searches/, screening/, fulltext/, included/).
      Prints key<TAB>n; --csv the PRISMA2020 template (R package, Shiny app) with column
      n filled; --json the counts by the template's data keys; --svg the flow diagram.
      Problems of the manifest and identities that do not hold ("screened 812 ≠
      identified 1,043 − duplicates 220") go to stderr as file:line:col. --init writes a
      starter review.yaml from the folder names. Exit 0 when the counts hold together, 1
      otherwise.
  ris-references --help | --version
`;
