import { AppError } from '../errors.ts';

/** The database held something it should not (a broken row, a lost uniqueness guarantee). */
export class StoreError extends AppError {
  readonly code = 'store';
}
