export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __stopFlowmeter?: () => Promise<void> }).__stopFlowmeter?.();
}
