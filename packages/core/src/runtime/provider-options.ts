/** The options a caller addressed to one connector; absent is an empty object. */
export function providerOptionsFor(
  input: { providerOptions?: Record<string, Record<string, unknown>> } | undefined,
  connector: string,
): Record<string, unknown> {
  const options = input?.providerOptions?.[connector];
  return typeof options === 'object' && options !== null ? options : {};
}
