/**
 * The validation rules, in the order `validateRis` runs them. Adding a rule is adding a module and
 * one line here. The order matters only for diagnostics with the same range (the result is sorted
 * by position, stably): file-level and structure findings come before the pandoc view of the same
 * lines, field findings after them, record-level findings next, and the file-end and key findings last.
 */

import { duplicateIdRule, duplicateRecordRule } from './duplicates';
import { encodingRule } from './encoding';
import { fieldsRule, missingFieldRule } from './fields';
import { keysRule } from './keyRules';
import { namesRule } from './names';
import { pandocFileEndRule, pandocRule } from './pandoc';
import type { Rule } from './rule';
import { structureRule } from './structure';
import { valuesRule } from './values';

/** Every rule, in run order. */
export const RULES: readonly Rule[] = [
  encodingRule,
  structureRule,
  pandocRule,
  fieldsRule,
  valuesRule,
  namesRule,
  duplicateIdRule,
  missingFieldRule,
  duplicateRecordRule,
  pandocFileEndRule,
  keysRule,
];
