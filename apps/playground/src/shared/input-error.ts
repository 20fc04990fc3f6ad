/** A request to the playground itself that makes no sense (not a connector's validation). */
export class PlaygroundInputError extends Error {
  override readonly name = 'PlaygroundInputError';
  constructor(
    message: string,
    readonly issues: readonly string[] = [message],
  ) {
    super(message);
  }
}
