import * as assert from 'node:assert/strict';
import { parseRis } from '../../../../src/core/ris/parser';
import { isLimited, outlinePlan } from '../../../../src/core/ris/outlinePlan';

/** `n` records of three fields each (TY, AU, TI; ER is not a field). */
const records = (n: number): string => Array.from({ length: n }, (_, i) => `TY  - JOUR\nAU  - Doe, J.\nTI  - Title ${i}\nER  - \n`).join('\n');

describe('outlinePlan', () => {
  it('lists every record with its fields while records and fields fit', () => {
    const doc = parseRis(records(10)); // 10 records + 30 fields
    assert.deepEqual(outlinePlan(doc, 40), { records: 10, withFields: true, total: 10 });
    assert.equal(isLimited(outlinePlan(doc, 40)), false);
  });

  it('drops the fields first, then records from the end', () => {
    const doc = parseRis(records(10));
    assert.deepEqual(outlinePlan(doc, 39), { records: 10, withFields: false, total: 10 });
    assert.deepEqual(outlinePlan(doc, 10), { records: 10, withFields: false, total: 10 });
    assert.deepEqual(outlinePlan(doc, 9), { records: 9, withFields: false, total: 10 });
    assert.equal(isLimited(outlinePlan(doc, 9)), true);
  });

  it('counts the fields of records of different sizes, and reads a budget of 0 or a fraction', () => {
    const doc = parseRis('TY  - JOUR\nER  - \nTY  - BOOK\nAU  - A\nAU  - B\nTI  - T\nER  - \n'); // 2 records + 1 + 4 fields
    assert.equal(outlinePlan(doc, 7).withFields, true);
    assert.equal(outlinePlan(doc, 6).withFields, false);
    assert.deepEqual(outlinePlan(doc, 0), { records: 0, withFields: false, total: 2 });
    assert.deepEqual(outlinePlan(doc, 1.9), { records: 1, withFields: false, total: 2 });
    assert.deepEqual(outlinePlan(parseRis(''), 0), { records: 0, withFields: true, total: 0 });
  });
});
