// Entry of the writer thread: the hall's TypeScript runs through tsx here as it does in the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
