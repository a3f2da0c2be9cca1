import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { ResponseHeader, RouteContract } from '../contract';
import { requireAdmin, requireCaller, type Caller } from './caller';
import { httpHandler, type HttpHandler, type RequestContext } from './handler';
import { HttpError } from './problem';
import { header, parseBody, parseQuery, requireNoBody, requireNoQuery, validationError } from './request';
import { isPathParameter } from './path-parameter';
import { json } from './respond';

/** The names between braces in a path: `/users/{id}/orders` gives `'id'`. */
type ParamNames<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

type Output<S> = S extends z.core.$ZodType ? z.output<S> : undefined;

/** What a route's handler is given: everything already checked against the route's contract. */
export interface RouteRequest<R extends RouteContract> extends RequestContext {
  /** The verified caller; `undefined` only on routes that `anyone` may call. */
  readonly caller: R['callers'] extends 'anyone' ? undefined : Caller;
  readonly params: R['params'] extends z.core.$ZodType ? z.output<R['params']> : Record<ParamNames<R['path']>, string>;
  readonly query: R['query'] extends z.core.$ZodType ? z.output<R['query']> : Record<string, never>;
  readonly body: Output<R['body']>;
  /** A header the route declares it reads (case-insensitive). */
  header(name: NonNullable<R['headers']>[number]): string | undefined;
  /** The raw event, for what the contract cannot express (a repeated header, say). */
  readonly event: APIGatewayProxyEvent;
}

/** What a route's handler answers on success: the body its contract declares, and its declared headers. */
export interface RouteReply<R extends RouteContract> {
  readonly body: z.output<R['response']>;
  readonly headers?: Partial<Record<Lowercase<NonNullable<R['responseHeaders']>[number] & ResponseHeader>, string>>;
}

const paramNamesOf = (path: string): string[] => [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1]!);

/**
 * A route's success response already serialised, for a handler that must keep it whole (the
 * idempotent placeOrder records it and replays it byte for byte). Typed by its route all the same.
 */
export type RouteResponse<R extends RouteContract> = APIGatewayProxyResult & { readonly __route?: R };

/** Serialises a reply as the route answers it: its success status, its JSON body and its headers. */
export const routeResponse = <R extends RouteContract>(route: R, reply: RouteReply<R>): RouteResponse<R> =>
  json(route.successStatus, reply.body, reply.headers as Record<string, string> | undefined);

/**
 * A missing parameter means a miswired route (400, naming it); a value that fails its schema can
 * name no stored resource, so it is answered like one that does not exist (404), without a read.
 */
const parseParams = (event: APIGatewayProxyEvent, path: string, schema: z.core.$ZodType | undefined): unknown => {
  const given = event.pathParameters ?? {};
  const names = paramNamesOf(path);
  const missing = names.filter((name) => !given[name]);
  if (missing.length > 0) {
    throw validationError('A path parameter is missing.', missing.map((name) => ({ path: `/${name}`, message: 'Required' })));
  }
  const nothingHere = () => new HttpError('not-found', 'Nothing exists at this path.');
  if (!schema) {
    if (!names.every((name) => isPathParameter(given[name]!))) throw nothingHere();
    return Object.fromEntries(names.map((name) => [name, given[name]]));
  }
  const result = schema['~standard'].validate(given);
  if (result instanceof Promise || result.issues) throw nothingHere();
  return result.value;
};

/**
 * Wraps a route's logic in what its contract says every request must pass first, in this order:
 * the caller (401 without a token; 403 when the route is for admins), the path parameters, the
 * route's own access rule (`authorize`), the query (unknown parameters refused), and the body (parsed with the route's schema, or any body
 * refused where none is declared). The handler gets them parsed and typed, and answers with the
 * body its contract declares; the status is the route's success status.
 */
export interface RouteOptions<R extends RouteContract> {
  /**
   * The resource-level access rule, run right after the caller and path parameters and before
   * the query and body are read: a stranger learns nothing from how their body is refused.
   */
  readonly authorize?: (request: Pick<RouteRequest<R>, 'caller' | 'params'>) => void;
}

export const routeHandler = <const R extends RouteContract>(
  route: R,
  handle: (request: RouteRequest<R>) => Promise<RouteReply<R> | RouteResponse<R>>,
  options: RouteOptions<R> = {},
): HttpHandler => {
  return httpHandler(async (event, context) => {
    const caller = route.callers === 'anyone' ? undefined : requireCaller(event);
    if (route.callers === 'admin') requireAdmin(caller!);
    const params = parseParams(event, route.path, route.params);
    options.authorize?.({ caller, params } as RouteRequest<R>);
    const query = route.query ? parseQuery(event, route.query) : (requireNoQuery(event), {});
    const body = route.body ? parseBody(event, route.body) : (requireNoBody(event), undefined);
    const request = {
      ...context,
      caller,
      params,
      query,
      body,
      header: (name: string) => header(event, name),
      event,
    } as RouteRequest<R>;
    const reply = await handle(request);
    return 'statusCode' in reply ? reply : routeResponse(route, reply);
  });
};
