/**
 * What the References view says about RIS files of the workspace that the library could not read
 * (larger than the index reads, not a regular file, unreadable): their references are in no library,
 * and a reader looking for them should learn why rather than find them missing without a word.
 */

/**
 * The view's message for the files not read, each told as its path and why (`refs.ris is larger
 * than 256 MB (…) and is not read`), or undefined when there are none. Two are named at most.
 */
export function unreadFilesMessage(told: readonly string[]): string | undefined {
  if (told.length === 0) return undefined;
  if (told.length === 1) return `${told[0]}: its references are not listed.`;
  const shown = told.slice(0, 2).join('; ');
  return `${told.length} RIS files are not read (${shown}${told.length > 2 ? '; …' : ''}): their references are not listed.`;
}
