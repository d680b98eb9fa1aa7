/** New-style arXiv ids `YYMM.NNNNN` (4 digits after the dot until 2014, 5 since 2015), without
 * a version: how Paperlight keys every paper. */
export const ARXIV_ID = /^\d{4}\.\d{4,5}$/;
