/**
 * Function code validates with zod's mini build (`import * as z from 'zod/mini'`), whose
 * functions tree-shake, where the classic API's chained methods keep all of zod in each bundle
 * (about 93 KB against 23 KB; see docs/benchmarks.md). lib/ and local/ may use the classic API,
 * which accepts these schemas as they are.
 *
 * The mini build loads no message locale by itself: without this every refusal would read
 * "Invalid input". The modules that parse (http/request.ts, events/envelope.ts) import this
 * first, so the English messages are set before anything is parsed.
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
