/** Health check of the worker plumbing: answers with its input and the worker's pid. */
export async function echoTask(args: { value: unknown }): Promise<{ value: unknown; pid: number }> {
  return { value: args.value, pid: process.pid };
}
