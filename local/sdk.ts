import { LOCAL_REGION } from './names';

/** SDK client settings for the runtime's own clients (pollers, set-up): the emulator, dummy credentials. */
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
