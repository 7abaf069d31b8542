import * as assert from 'node:assert/strict';
import { foldForSearch, ReferenceSearchIndex, ReferenceSearchSession, type SearchItem } from '../../../../src/core/library/search';
import { sortedIndicesSteps } from '../../../../src/core/library/sortInSteps';
import { finishSteps } from '../../../../src/core/ris/readInTurns';

type Item = SearchItem<string>;

function item(key: string, fields: Partial<Omit<Item, 'key' | 'payload'>> = {}): Item {
  return { key, authors: [], ...fields, payload: key };
}

function found(index: ReferenceSearchIndex<string>, query: string, limit?: number): string[] {
  return index.search(query, limit).map((r) => r.item);
}

describe('foldForSearch', () => {
  it('lower-cases and removes accents', () => {
    assert.equal(foldForSearch('Müller'), 'muller');
    assert.equal(foldForSearch('SÖDERGREN'), 'sodergren');
    assert.equal(foldForSearch('Łukasz Straße Ærø'), 'lukasz strasse aero');
    assert.equal(foldForSearch('ﬁnance ＡＢ'), 'finance ab');
    assert.equal(foldForSearch('plain ascii'), 'plain ascii');
  });
});

describe('ReferenceSearchIndex', () => {
  const items: Item[] = [
    item('Smith_2020', { authors: ['Smith', 'Jones'], year: '2020', title: 'Deep learning in radiology', container: 'Radiology', doi: '10.1148/radiol.2020191234' }),
    item('Jones_2019', { authors: ['Jones', 'Smith'], year: '2019', title: 'A survey of smithing', container: 'Metalwork Journal', doi: '10.5555/metal.2019.7' }),
    item('Smithson_2018', { authors: ['Smithson'], year: '2018', title: 'Learning curves', container: 'Nature' }),
    item('Brown_2021', { authors: ['Brown'], year: '2021', title: 'Smith and the market', container: 'Economics' }),
    item('Green_2017', { authors: ['Green'], year: '2017', title: 'Tools', container: 'Smith Review' }),
    item('Müller_2010', { authors: ['Müller, Hans', "O'Brien"], year: '2010', title: 'Über Deep-Learning-Based Methods', container: 'Zeitschrift für Informatik' }),
    item('Sodergren_2015', { authors: ['Södergren'], year: '2015', title: 'Nordic studies', doi: '10.1000/ABC.def' }),
    item('smith', { authors: ['Taylor'], year: '2001', title: 'Exactly smith' }),
  ];
  const index = new ReferenceSearchIndex(items);

  it('ranks exact key > key prefix > first author > other author > title word > journal', () => {
    assert.deepEqual(found(index, 'smith'), ['smith', 'Smith_2020', 'Smithson_2018', 'Jones_2019', 'Brown_2021', 'Green_2017']);
  });

  it('prefers an exact word to a prefix within the same field', () => {
    const idx = new ReferenceSearchIndex([item('k1', { authors: ['Lieberman'], year: '2020' }), item('k2', { authors: ['Li'], year: '2010' })]);
    assert.deepEqual(found(idx, 'li'), ['k2', 'k1']);
  });

  it('breaks ties by year (newest first), then key', () => {
    const idx = new ReferenceSearchIndex([
      item('b', { title: 'Tie', year: '2020' }),
      item('a', { title: 'Tie', year: '2020' }),
      item('c', { title: 'Tie', year: '1999' }),
      item('d', { title: 'Tie' }),
      item('e', { title: 'Tie', year: '2021' }),
    ]);
    assert.deepEqual(found(idx, 'tie'), ['e', 'a', 'b', 'c', 'd']);
  });

  it('ANDs the tokens', () => {
    assert.deepEqual(found(index, 'smith 2020'), ['Smith_2020']);
    assert.deepEqual(found(index, 'smith learning'), ['Smith_2020', 'Smithson_2018']);
    assert.deepEqual(found(index, 'smith learning 2018'), ['Smithson_2018']);
    // Equal scores (key prefix + other author), so the newer one first.
    assert.deepEqual(found(index, 'jones smith'), ['Smith_2020', 'Jones_2019']);
    assert.deepEqual(found(index, 'smith nothingmatches'), []);
    assert.deepEqual(found(index, 'SMITH   Radiology'), ['Smith_2020']);
  });

  it('ignores case and accents', () => {
    assert.deepEqual(found(index, 'muller'), ['Müller_2010']);
    assert.deepEqual(found(index, 'Müller'), ['Müller_2010']);
    assert.deepEqual(found(index, 'sodergren'), ['Sodergren_2015']);
    assert.deepEqual(found(index, 'SÖDER'), ['Sodergren_2015']);
    assert.deepEqual(found(index, 'uber'), ['Müller_2010']);
    assert.deepEqual(found(index, 'fur'), ['Müller_2010']);
  });

  it('finds words joined by punctuation, with or without it', () => {
    assert.deepEqual(found(index, 'obrien'), ['Müller_2010']);
    assert.deepEqual(found(index, "o'brien"), ['Müller_2010']);
    assert.deepEqual(found(index, 'deep-learning'), ['Müller_2010']);
    assert.deepEqual(found(index, 'deeplearning'), ['Müller_2010']);
    assert.deepEqual(found(index, 'based'), ['Müller_2010']);
  });

  it('uses only the surname part of an author written "Surname, Given"', () => {
    assert.deepEqual(found(index, 'hans'), []);
  });

  it('matches the year exactly', () => {
    const year = index.search('2019');
    assert.equal(year[0].item, 'Jones_2019');
    assert.deepEqual(year[0].matches, [{ token: '2019', field: 'year', exact: true }]);
    assert.deepEqual(year.slice(1).map((r) => [r.item, r.matches?.[0].field]), [['Smith_2020', 'doi']], 'the DOI holds 2019');
    const partial = index.search('201');
    assert.ok(partial.every((r) => r.matches?.[0].field === 'doi'), 'a partial year is not a year (only DOIs hold 201)');
  });

  it('finds DOIs by substring, case-insensitively, and pasted as a link', () => {
    assert.deepEqual(found(index, 'radiol.2020'), ['Smith_2020']);
    assert.deepEqual(found(index, '10.1000/abc.DEF'), ['Sodergren_2015']);
    assert.deepEqual(found(index, 'https://doi.org/10.1148/radiol.2020191234'), ['Smith_2020']);
    assert.deepEqual(found(index, 'doi:10.5555/metal'), ['Jones_2019']);
    assert.deepEqual(found(index, '10.'), ['Smith_2020', 'Jones_2019', 'Sodergren_2015']);
  });

  it('ranks a whole DOI above other matches', () => {
    const idx = new ReferenceSearchIndex([item('x', { title: '10.1000/abc' }), item('y', { doi: '10.1000/abc' })]);
    assert.deepEqual(found(idx, '10.1000/abc'), ['y', 'x']);
  });

  it('matches a key prefix with punctuation', () => {
    const idx = new ReferenceSearchIndex([item('Doe_n.d.', { authors: ['Doe'] }), item('Shannon_1948/07//', { authors: ['Shannon'] })]);
    assert.deepEqual(found(idx, 'doe_n.'), ['Doe_n.d.']);
    assert.deepEqual(found(idx, 'shannon_1948/07'), ['Shannon_1948/07//']);
  });

  it('reports how each token matched', () => {
    const [first] = index.search('smith radiology 2020');
    assert.equal(first.item, 'Smith_2020');
    assert.deepEqual(first.matches, [
      { token: 'smith', field: 'key', exact: false },
      { token: 'radiology', field: 'title', exact: true },
      { token: '2020', field: 'year', exact: true },
    ]);
    assert.ok(first.score > 0);
    const [jones] = index.search('jones radiology');
    assert.deepEqual(jones.matches?.map((m) => m.field), ['author', 'title']);
  });

  it('lists every item for an empty query, newest first, and respects the limit', () => {
    assert.deepEqual(found(index, '   '), ['Brown_2021', 'Smith_2020', 'Jones_2019', 'Smithson_2018', 'Green_2017', 'Sodergren_2015', 'Müller_2010', 'smith']);
    assert.deepEqual(found(index, '', 2), ['Brown_2021', 'Smith_2020']);
    assert.deepEqual(found(index, 'smith', 2), ['smith', 'Smith_2020']);
    assert.deepEqual(found(index, 'smith', 0), []);
    assert.equal(index.search('')[0].score, 0);
    const noYear = new ReferenceSearchIndex([item('z'), item('a', { year: '1999' }), item('b', { year: '2024' })]);
    assert.deepEqual(found(noYear, ''), ['b', 'a', 'z'], 'items without a year last');
  });

  it('gives the same answer when asked again (no state leaks between queries)', () => {
    const a = found(index, 'smith learning');
    found(index, 'jones');
    found(index, 'smith nothing');
    assert.deepEqual(found(index, 'smith learning'), a);
    assert.deepEqual(found(index, 'learning'), ['Smith_2020', 'Smithson_2018', 'Müller_2010']);
  });

  it('ignores tokens without letters or digits', () => {
    assert.deepEqual(found(index, 'smith & -'), found(index, 'smith'));
  });

  it('builds the same index in steps (yielding between them) as at once', () => {
    // Keys that fold alike (their order is the items' order), items without a year or a DOI.
    const more: Item[] = [...items, item('smith_2020', { authors: ['Smith'], year: '2020' }), item('SMITH_2020'), item('Zeta', { title: 'deep smith', doi: '10.1/z' })];
    const atOnce = new ReferenceSearchIndex(more);
    const queries = ['', 'smith', 'smith_2020', 'sm', 'deep', 'learning smith', '2020', '10.1', 'müller', 'obrien', 'zz'];
    for (const perStep of [1, 3, 64]) {
      const steps = ReferenceSearchIndex.steps(more, perStep);
      let yields = 0;
      let step = steps.next();
      for (; step.done !== true; step = steps.next()) yields++;
      const inSteps = step.value;
      if (perStep === 1) assert.ok(yields > more.length, `${yields} steps`);
      for (const q of queries) assert.deepEqual(inSteps.search(q, 100), atOnce.search(q, 100), `${perStep} per step: ${q}`);
    }
  });

  it('sorts in steps as a stable sort does', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 97);
    const expected = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    for (const perStep of [1, 100, Infinity]) {
      const sorted = finishSteps(sortedIndicesSteps(values.length, (a, b) => values[a]! - values[b]!, perStep));
      assert.deepEqual([...sorted], expected, `${perStep} per step`);
    }
    assert.deepEqual([...finishSteps(sortedIndicesSteps(0, () => 0, 1))], []);
  });

  it('indexes 100,000 items and answers like a brute-force search', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const letters = (n: number): string => {
      let out = '';
      let v = n;
      do {
        out = 'qxzj'[v % 4] + out; // letters that spell none of the query words
        v = Math.floor(v / 4);
      } while (v > 0);
      return out;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const surnames = ['Smith', 'Müller', 'Liu', 'Gao', 'García', 'Nakamura', 'Søndergaard', 'Kowalski', 'Dubois', 'Rossi', 'Kim', 'Patel'];
    const words = ['deep', 'learning', 'medical', 'imaging', 'review', 'systematic', 'trial', 'cohort', 'risk', 'model', 'survey', 'network'];
    const journals = ['Nature', 'The Lancet', 'PLOS ONE', 'BMJ Open', 'Scientific Reports'];
    const many: Item[] = [];
    for (let i = 0; i < 100_000; i++) {
      const authors = Array.from({ length: 1 + Math.floor(random() * 5) }, () => `${pick(surnames)}${random() < 0.5 ? Math.floor(random() * 50) : ''}`);
      const year = String(1960 + Math.floor(random() * 65));
      many.push({
        key: `k${i}_${year}`,
        authors,
        year,
        title: Array.from({ length: 5 + Math.floor(random() * 8) }, () => pick(words)).join(' '),
        container: pick(journals),
        doi: `10.5555/x${letters(i)}`,
        payload: `k${i}_${year}`,
      });
    }
    const big = new ReferenceSearchIndex(many);
    assert.equal(big.size, 100_000);

    const fold = (s: string): string[] => foldForSearch(s).split(/[^a-z0-9]+/).filter(Boolean);
    const brute = (predicate: (it: Item) => boolean): Set<string> => new Set(many.filter(predicate).map((it) => it.payload));
    const cases: [string, (it: Item) => boolean][] = [
      ['muller 2001', (it) => it.year === '2001' && it.authors.some((a) => fold(a).some((w) => w.startsWith('muller')))],
      ['sondergaard deep lancet', (it) =>
        it.authors.some((a) => fold(a).some((w) => w.startsWith('sondergaard'))) &&
        fold(it.title!).includes('deep') &&
        fold(it.container!).some((w) => w.startsWith('lancet'))],
      ['garcia7 network', (it) => it.authors.some((a) => fold(a).some((w) => w.startsWith('garcia7'))) && fold(it.title!).includes('network')],
    ];
    for (const [query, predicate] of cases) {
      const expected = brute(predicate);
      assert.ok(expected.size > 0, `the synthetic data has matches for ${query}`);
      const results = big.search(query, 100_000);
      assert.deepEqual(new Set(results.map((r) => r.item)), expected, query);
      // Sorted by score, then newest year.
      for (let r = 1; r < results.length; r++) assert.ok(results[r - 1].score >= results[r].score, query);
    }
    // A DOI finds its one item; a key prefix comes first.
    const [byDoi] = big.search(many[12345].doi!);
    assert.equal(byDoi.item, many[12345].payload);
    assert.deepEqual(byDoi.matches, [{ token: many[12345].doi, field: 'doi', exact: true }]);
    assert.equal(found(big, 'k99999')[0], many[99_999].payload);
    assert.equal(big.search('', 10).length, 10);
  });

  describe('against a brute-force scorer, and narrowing as one types', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const surnames = ['Smith', 'Müller', 'Smithson', "O'Brien", 'García', 'Sand', 'Søndergaard', 'Kowalski', 'Schmidt', 'Schmitz'];
    const words = ['deep', 'learning', 'sand', 'schools', 'smith', 'review', 'systematic', 'trial', 'cohort', 'model', 'k12'];
    const journals = ['Nature', 'The Lancet', 'Smith Review', 'School Health'];
    const many: Item[] = [];
    for (let i = 0; i < 3000; i++) {
      const year = random() < 0.05 ? undefined : String(1990 + Math.floor(random() * 35));
      const first = pick(surnames);
      const key = `${first.replace(/[^A-Za-z]/g, '')}${i}_${year ?? 'n.d.'}`;
      many.push({
        key,
        authors: Array.from({ length: 1 + Math.floor(random() * 3) }, (_, a) => (a === 0 ? first : pick(surnames))),
        ...(year ? { year } : {}),
        title: Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(words)).join(' '),
        container: pick(journals),
        ...(random() < 0.7 ? { doi: `10.${1000 + Math.floor(random() * 30)}/s${i}` } : {}),
        payload: key,
      });
    }
    const big = new ReferenceSearchIndex(many);

    // The documented rules, item by item.
    const indexWords = (text: string): string[] =>
      foldForSearch(text)
        .split(/\s+/)
        .flatMap((chunk) => {
          const parts = chunk.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
          return parts.length > 1 ? [...parts, parts.join('')] : parts;
        });
    const tokenScore = (it: Item, token: string): number => {
      const f = foldForSearch(token);
      const word = f.replace(/[^\p{L}\p{N}]+/gu, '');
      const key = foldForSearch(it.key);
      let best = key === f ? 1000 : key.startsWith(f) ? 800 : 0;
      const bare = f.replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//, '').replace(/^doi:\s*/, '');
      if (it.doi && bare.length >= 3) best = Math.max(best, foldForSearch(it.doi) === bare ? 950 : foldForSearch(it.doi).includes(bare) ? 100 : 0);
      if (it.year && foldForSearch(it.year) === f) best = Math.max(best, 500);
      const fields: [string | undefined, number][] = [
        ...it.authors.map((a, n): [string, number] => [a.split(',')[0], n === 0 ? 600 : 400]),
        [it.title, 300],
        [it.container, 200],
      ];
      if (word !== '') {
        for (const [text, weight] of fields) {
          for (const w of text ? indexWords(text) : []) if (w.startsWith(word)) best = Math.max(best, weight + (w === word ? 20 : 0));
        }
      }
      return best;
    };
    const yearOf = (it: Item): number => (it.year ? Number(it.year) : -1);
    const brute = (query: string, limit: number): string[] => {
      const tokens = query.split(/\s+/).filter((t) => t !== '');
      const scored = many
        .map((it) => ({ it, score: tokens.reduce((sum, t) => (sum < 0 ? sum : tokenScore(it, t) === 0 ? -1 : sum + tokenScore(it, t)), 0) }))
        .filter((x) => x.score > 0);
      scored.sort((a, b) => b.score - a.score || yearOf(b.it) - yearOf(a.it) || (foldForSearch(a.it.key) < foldForSearch(b.it.key) ? -1 : 1));
      return scored.slice(0, limit).map((x) => x.it.payload);
    };

    it('ranks one-word queries as the rules say (best class first, then newest)', () => {
      for (const q of ['s', 'sm', 'smith', 'sch', 'schm', 'muller', 'obrien', '2001', 'k', 'k12', '10.1005', 's12', 'lancet', 'n']) {
        assert.deepEqual(found(big, q, 40), brute(q, 40), q);
      }
    });

    it('ranks several words as the rules say', () => {
      for (const q of ['smith deep', 'sch s', 's s', 'schmidt 2001', 'smith review 10.10', 'sand sand']) {
        assert.deepEqual(found(big, q, 40), brute(q, 40), q);
      }
    });

    it('lists every match unranked, in index order: what a search with no limit finds', () => {
      const queries = ['s', 'sm', 'smith', 'sch', 'muller', 'obrien', '2001', 'k', 'k12', '10.1005', '10.1005/s12', 's12', 'lancet', 'n', 'zzz', '-', '',
        'smith deep', 'sch s', 's s', 'schmidt 2001', 'smith review 10.10', 'sand sand', 'deep 2019 nature', 'https://doi.org/10.1012'];
      const position = new Map(many.map((it, i) => [it.payload, i]));
      for (const q of queries) {
        const all = brute(q, Number.MAX_SAFE_INTEGER).map((key) => position.get(key)!);
        const listed = Array.from(big.matching(q));
        assert.deepEqual(listed, q.trim() === '' || q === '-' ? many.map((_, i) => i) : [...all].sort((a, b) => a - b), q);
        assert.deepEqual(listed, big.search(q, Number.MAX_SAFE_INTEGER).map((r) => position.get(r.item)!).sort((a, b) => a - b), `${q}: the same as search`);
      }
      // Items left out.
      const skip = new Uint8Array(many.length);
      for (let i = 0; i < many.length; i += 3) skip[i] = 1;
      assert.deepEqual(Array.from(big.matching('smith', skip)), Array.from(big.matching('smith')).filter((i) => skip[i] !== 1));
    });

    it('gives, keystroke by keystroke, what a fresh search gives', () => {
      const typed = ['smith deep learning', 'schmitz sch', 'sand 2001', 'k1 smith 10.10', 'o brien s'];
      for (const text of typed) {
        const session = new ReferenceSearchSession(big);
        // Type it, then delete back to the first word and type it again.
        const steps: string[] = [];
        for (let n = 1; n <= text.length; n++) steps.push(text.slice(0, n));
        for (let n = text.length - 1; n >= text.indexOf(' '); n--) steps.push(text.slice(0, n));
        for (let n = text.indexOf(' ') + 1; n <= text.length; n++) steps.push(text.slice(0, n));
        for (const query of steps) {
          assert.deepEqual(session.search(query, 25), big.search(query, 25), query);
        }
      }
    });
  });
});
