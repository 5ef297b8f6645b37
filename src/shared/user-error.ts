/** An error caused by the user's input (a bad flag, a missing file): printed as one line, no stack. */
export class UserError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
