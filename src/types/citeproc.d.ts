/** The part of citeproc-js (npm `citeproc`, CommonJS) this extension uses. */
declare module 'citeproc' {
  namespace CSL {
    interface CiteprocSys {
    retrieveLocale(lang: string): string | undefined;
    retrieveItem(id: string): unknown;
  }
    interface CiteprocCitationItem {
    id: string;
    locator?: string;
    label?: string;
    prefix?: string;
    suffix?: string;
    'suppress-author'?: boolean;
    'author-only'?: boolean;
  }
    interface CiteprocCitation {
    citationID: string;
    citationItems: CiteprocCitationItem[];
    properties: { noteIndex: number; mode?: 'composite' | 'author-only' | 'suppress-author' };
  }
    interface CiteprocBibliographyParams {
    maxoffset: number;
    entryspacing: number;
    linespacing: number;
    hangingindent?: boolean;
    'second-field-align': false | 'flush' | 'margin';
    entry_ids: string[][];
    bibstart: string;
    bibend: string;
  }
    class Engine {
    constructor(sys: CiteprocSys, style: string, lang?: string, forceLang?: boolean);
    setOutputFormat(format: string): void;
    updateItems(ids: string[]): void;
    rebuildProcessorState(citations: CiteprocCitation[], mode: string, uncited: string[]): [string, number, string][];
    makeBibliography(): [CiteprocBibliographyParams, string[]] | false;
    cslXml: unknown;
    opt: { xclass?: string; 'default-locale'?: string[]; bibliography_sort_keys?: unknown[] };
    bibliography?: unknown;
  }
    const Output: { Formats: Record<string, Record<string, unknown>> };
  }
  export = CSL;
}
