/**
 * "For you" on a page (issue #17): the scorer, the reasons, the suggestions and the sorting, in a
 * chunk of its own that a page loads only once the reader's model is ready (load-on-demand.ts).
 * Built as one self-contained ES module, like on-demand.ts.
 */
export { cardsRanking } from '../features/for-you-cards';
