/** `npm start`: boots the local runtime (local/). Nothing else. */
import { main } from '../local/main';

await main(process.argv.slice(2));
