/**
 * Tags that particular exporters write although neither RIS specification defines them (or, for
 * `U2`/`U3`, that a vendor fills with its own data), with the vendor that writes each.
 *
 * Source: the research notes (`docs/ris-format.md` §2, row "Tags outside the spec": WoS RIS carries
 * the WoS field tags `WE J9 JI PU PI PA FU FX MA`; IEEE `VO`; ProQuest `PP`; Embase `LK U2 U3`;
 * Citavi `H1 H2 M4 TS`; Covidence `PD NS PG`; Ovid `AI NL PT`; Cochrane `CC`; APA PsycNET `PMID`),
 * the meanings in `ris-tags.tsv` (which also names EBSCOhost for `DI` and MEDLINE for `SO`), and, for
 * the Embase `U2`/`U3` and Covidence values, what those exports in the research corpus contain.
 *
 * Every tag listed here is also a row of `ris-tags.tsv`; this table adds who writes it, which that
 * table only says in free text.
 */

/** One vendor-written tag. */
export interface VendorTag {
  /** The tag as written, e.g. `WE` or `PMID`. */
  readonly tag: string;
  /** Display names of the exporters that write it, e.g. `Web of Science`. */
  readonly vendors: readonly string[];
  /** What the vendor puts in it, as a short phrase. */
  readonly use: string;
}

/** The vendor tags, alphabetically. */
export const VENDOR_TAGS: readonly VendorTag[] = [
  { tag: 'AI', vendors: ['Ovid'], use: 'author identifier, e.g. "Surname, Given; ORCID: https://orcid.org/…"' },
  { tag: 'CC', vendors: ['Cochrane Library'], use: 'Cochrane review group' },
  { tag: 'DI', vendors: ['EBSCOhost'], use: 'DOI (Zotero moves it to DO)' },
  { tag: 'FU', vendors: ['Web of Science'], use: 'funding agency' },
  { tag: 'FX', vendors: ['Web of Science'], use: 'funding text' },
  { tag: 'H1', vendors: ['Citavi'], use: 'library name (paired with H2)' },
  { tag: 'H2', vendors: ['Citavi'], use: 'call number' },
  { tag: 'J9', vendors: ['Web of Science'], use: '29-character source abbreviation' },
  { tag: 'JI', vendors: ['Web of Science'], use: 'ISO source abbreviation' },
  { tag: 'LK', vendors: ['Embase'], use: 'website link (pandoc and JabRef read it as the URL)' },
  { tag: 'M4', vendors: ['Citavi'], use: 'the value "Citavi"' },
  { tag: 'MA', vendors: ['Web of Science'], use: 'meeting abstract number' },
  { tag: 'NL', vendors: ['Ovid'], use: 'NLM journal abbreviation, written after the ER line' },
  { tag: 'NS', vendors: ['Covidence'], use: 'Covidence field, usually empty' },
  { tag: 'PA', vendors: ['Web of Science'], use: 'publisher address' },
  { tag: 'PD', vendors: ['Covidence'], use: 'publication date, often empty' },
  { tag: 'PG', vendors: ['Covidence'], use: 'Covidence field, often empty' },
  { tag: 'PI', vendors: ['Web of Science'], use: 'publisher city' },
  { tag: 'PMID', vendors: ['APA PsycNET'], use: 'PubMed ID, written as a four-letter tag that is not valid RIS' },
  { tag: 'PP', vendors: ['ProQuest'], use: 'place of publication (pandoc reads it as publisher-place)' },
  { tag: 'PT', vendors: ['Ovid'], use: 'publication type, e.g. "Journal Article"' },
  { tag: 'PU', vendors: ['Web of Science'], use: 'publisher' },
  { tag: 'SO', vendors: ['PubMed (MEDLINE format)'], use: 'source citation' },
  { tag: 'TS', vendors: ['Citavi'], use: 'the value "RIS" or "BibTeX"' },
  { tag: 'U2', vendors: ['Embase'], use: 'Embase record number, e.g. "L644585435"' },
  { tag: 'U3', vendors: ['Embase'], use: 'a date such as "2024-05-28"' },
  { tag: 'VO', vendors: ['IEEE Xplore'], use: 'volume, a duplicate of VL' },
  { tag: 'WE', vendors: ['Web of Science'], use: 'Web of Science edition, e.g. "Social Science Citation Index (SSCI)"' },
];
