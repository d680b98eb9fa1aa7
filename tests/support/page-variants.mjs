// Variants of a recorded page for bad-input tests: edited data blobs, hostile titles, layouts
// Paperlight cannot read.

const BLOB = /(data-target="DailyPapers"[^>]*?data-props=")([^"]*)(")/;

/** @param {string} value */
export function decodeAttribute(value) {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** @param {string} value */
export function encodeAttribute(value) {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** @param {string} value */
export function encodeText(value) {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page's listing blob, parsed. @param {string} html */
export function readBlob(html) {
  const match = BLOB.exec(html);
  if (!match?.[2]) throw new Error('page without a DailyPapers blob');
  return JSON.parse(decodeAttribute(match[2]));
}

/**
 * Replaces the listing blob's data-props with `raw` (already a string, may be invalid JSON).
 * @param {string} html @param {string} raw
 */
export function replaceBlobText(html, raw) {
  // A function replacement, so `$` in the JSON is never read as a replacement pattern.
  return html.replace(BLOB, (_, before, _old, after) => before + encodeAttribute(raw) + after);
}

/**
 * Edits the listing blob through `edit`.
 * @param {string} html @param {(blob: any) => void} edit
 */
export function editBlob(html, edit) {
  const blob = readBlob(html);
  edit(blob);
  return replaceBlobText(html, JSON.stringify(blob));
}

/**
 * Gives paper `id` a new title, both in the card's title link and in the blob.
 * @param {string} html @param {string} id @param {string} title
 */
export function retitle(html, id, title) {
  const link = new RegExp(`(<a href="/papers/${id.replace('.', '\\.')}" class="line-clamp-3[^"]*">)([\\s\\S]*?)(</a>)`);
  if (!link.test(html)) throw new Error(`no title link for ${id}`);
  const edited = html.replace(link, (_, open, _old, close) => open + encodeText(title) + close);
  return editBlob(edited, (blob) => {
    for (const item of [...(blob.dailyPapers ?? []), ...(blob.searchResults ?? [])]) {
      if (item.paper?.id === id) {
        item.paper.title = title;
        item.title = title;
      }
    }
  });
}
