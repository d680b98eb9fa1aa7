/** Size limits of a stored paper; content scripts clamp page data to them before saving. */
export const LIMITS = { title: 1_000, shortText: 2_000, authors: 5_000, abstract: 20_000, date: 40, url: 2_000 } as const;

/** A note is plain text; 20,000 characters is pages of it. */
export const NOTE_MAX = 20_000;
