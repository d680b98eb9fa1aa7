/** Size limits of a stored paper; content scripts clamp page data to them before saving. */
export const LIMITS = { title: 1_000, shortText: 2_000, authors: 5_000, abstract: 20_000, date: 40, url: 2_000 } as const;

/** A note is plain text; 20,000 characters is pages of it. */
export const NOTE_MAX = 20_000;

/** A paper's abstract as the "For you" model keeps it (issue #17): cut here, since the model reads
 * words and the store keeps thousands of texts. */
export const TEXT_ABSTRACT_MAX = 4_000;
