import { SuperpodInputError } from '../../src/errors.ts';

/** The SuperpodInputError `fn` throws; any other error is rethrown, and not throwing fails the test. */
export function inputErrorOf(fn: () => unknown): SuperpodInputError {
  try {
    fn();
  } catch (error) {
    if (SuperpodInputError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a SuperpodInputError');
}
