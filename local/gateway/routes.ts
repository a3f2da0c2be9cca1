/**
 * The REST API's resources, from the declaration. A request is matched on its path first, then
 * its method, because API Gateway answers the two misses differently (see server.ts).
 */
import { fullPath, type HttpMethod, type RouteDeclaration } from '../../lib/declaration';

export type RouteMatch =
  | { readonly kind: 'route'; readonly route: RouteDeclaration; readonly resource: string; readonly pathParameters: Record<string, string> | null }
  | { readonly kind: 'wrong-method'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'no-resource' }
  | { readonly kind: 'bad-path' };

interface Resource {
  readonly template: string;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
  readonly methods: Map<HttpMethod, RouteDeclaration>;
}

const escape = (text: string): string => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

/** `/v1/users/{id}` -> /^\/v1\/users\/([^/]+)$/; `{proxy+}` takes the rest of the path. */
const compile = (template: string): { pattern: RegExp; parameterNames: string[] } => {
  const parameterNames: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      const parameter = /^\{([A-Za-z0-9_]+)(\+)?\}$/.exec(segment);
      if (!parameter) return escape(segment);
      parameterNames.push(parameter[1]!);
      return parameter[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), parameterNames };
};

export class RouteTable {
  private readonly resources: Resource[] = [];

  constructor(routes: readonly RouteDeclaration[]) {
    const byTemplate = new Map<string, Resource>();
    for (const route of routes) {
      const template = fullPath(route);
      let resource = byTemplate.get(template);
      if (!resource) {
        resource = { template, ...compile(template), methods: new Map() };
        byTemplate.set(template, resource);
      }
      if (resource.methods.has(route.method)) throw new Error(`Two routes declare ${route.method} ${template}`);
      resource.methods.set(route.method, route);
    }
    // Literal segments win over parameters, as in API Gateway: /users/me before /users/{id}.
    this.resources = [...byTemplate.values()].sort((a, b) => a.parameterNames.length - b.parameterNames.length);
  }

  match(method: string, pathname: string): RouteMatch {
    for (const resource of this.resources) {
      const found = resource.pattern.exec(pathname);
      if (!found) continue;
      const route = resource.methods.get(method as HttpMethod);
      if (!route) return { kind: 'wrong-method', allowed: [...resource.methods.keys()] };
      let pathParameters: Record<string, string> | null = null;
      if (resource.parameterNames.length > 0) {
        try {
          pathParameters = Object.fromEntries(resource.parameterNames.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
        } catch {
          return { kind: 'bad-path' };
        }
      }
      return { kind: 'route', route, resource: resource.template, pathParameters };
    }
    return { kind: 'no-resource' };
  }
}
