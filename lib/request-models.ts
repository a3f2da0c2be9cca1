/**
 * Request body models for the gateway, generated from the routes' zod schemas: JSON Schema
 * draft 4, the only draft API Gateway validates. The stack turns each into a REST API model with a
 * request validator (lib/constructs/api.ts); the local gateway checks the same schema with a
 * draft-4 validator (local/gateway/request-validation.ts). Refinements that JSON Schema cannot
 * express (a trimmed name, productId unique per order, "at least one field") stay with the
 * handler, which validates every body again with the zod schema itself: the gateway only turns
 * away what is structurally wrong before a function runs, and before it costs an invocation.
 */
import { z } from 'zod';
import type { RouteDeclaration } from './declaration';

export type JsonSchemaDraft4 = Record<string, unknown>;

/** The route's body model, or undefined for a route that takes no body. */
export const requestModelOf = (route: Pick<RouteDeclaration, 'body'>): JsonSchemaDraft4 | undefined =>
  route.body ? (z.toJSONSchema(route.body, { target: 'draft-04', io: 'input', unrepresentable: 'any' }) as JsonSchemaDraft4) : undefined;
