import { startTestServices } from './flowmeterService';

export default async function globalSetup(): Promise<void> {
  (globalThis as { __stopFlowmeter?: () => Promise<void> }).__stopFlowmeter = await startTestServices();
}
