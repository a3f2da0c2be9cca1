/**
 * Composes the services' contracts into the application declaration, and refuses a composition
 * that would synthesize but fail in AWS: a route or consumer granted a table nobody owns, an
 * event consumed that nobody produces, an event declared where no outbox would publish it, two
 * routes on one path, two events or jobs of one name.
 */
import type { ServiceContract } from '../lambdas/shared/contract';
import { hasOutbox } from './declaration';
import type {
  ApplicationDeclaration,
  ConsumerDeclaration,
  EventDeclaration,
  JobDeclaration,
  SocketDeclaration,
  EventType,
  RouteDeclaration,
  ServiceName,
  TableOwner,
} from './declaration';

export type AppSettings = Omit<ApplicationDeclaration, 'services' | 'tables' | 'routes' | 'events' | 'consumers' | 'jobs' | 'socket'>;

/** A wiring mistake in the contracts: the message names the service and what to fix. */
class CompositionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CompositionError';
  }
}

const JOB_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SWEEPER_NAME = /-sweeper$/;

const duplicates = (values: readonly string[]): string[] => [...new Set(values.filter((value, i) => values.indexOf(value) !== i))];

const refuseDuplicates = (what: string, values: readonly string[]): void => {
  const repeated = duplicates(values);
  if (repeated.length > 0) throw new CompositionError(`${what} must be unique: ${repeated.join(', ')} declared more than once`);
};

const checkAccess = (owner: string, access: Readonly<Record<string, readonly string[]>>, tables: ReadonlySet<string>): void => {
  for (const service of Object.keys(access)) {
    if (!tables.has(service)) {
      throw new CompositionError(`${owner} declares access to the ${service} table, but no service owns a table of that name (owners: ${[...tables].join(', ')})`);
    }
  }
};

/** The application: every route, event, table and consumer of `services`, with the app-wide settings. */
export const composeApp = (services: readonly ServiceContract[], settings: AppSettings): ApplicationDeclaration => {
  refuseDuplicates('Service names', services.map((service) => service.name));
  const tables = new Set(services.filter((service) => service.table).map((service) => service.name));

  const routes: RouteDeclaration[] = services.flatMap((service) =>
    Object.entries(service.routes).map(([id, route]) => {
      checkAccess(`Route ${id} of ${service.name}`, route.access, tables);
      return { ...route, id, service: service.name as ServiceName, auth: route.callers === 'anyone' ? 'none' : 'user' } as const;
    }),
  );
  refuseDuplicates('Route ids', routes.map((route) => route.id));
  refuseDuplicates('Routes', routes.map((route) => `${route.method} /${route.version}${route.path}`));

  for (const service of services) {
    if (service.events.length === 0) continue;
    // An event leaves a service only through the outbox in its table, published by the relay on its stream.
    if (!service.table) throw new CompositionError(`${service.name} declares events but owns no table: its events are written to the outbox in its table`);
    if (!hasOutbox(service.table)) {
      throw new CompositionError(
        `${service.name} declares events (${service.events.map((event) => event.type).join(', ')}) but its table declares outbox: false: nothing would publish them (remove outbox: false, or the events)`,
      );
    }
  }

  const events: Record<string, EventDeclaration> = {};
  const declared = services.flatMap((service) => service.events.map((event) => ({ service, event })));
  refuseDuplicates('Event types', declared.map(({ event }) => event.type));
  for (const { service, event } of declared) {
    if (event.source !== service.name) {
      throw new CompositionError(`Event ${event.type} is listed by ${service.name} but declared with source ${event.source}: list it in the contract of its source`);
    }
    const { type: _type, ...rest } = event;
    events[event.type] = { ...rest, producer: service.name as ServiceName };
  }

  const consumers: ConsumerDeclaration[] = services.flatMap((service) =>
    Object.entries(service.consumers).map(([name, consumer]) => {
      if (!service.table) throw new CompositionError(`Consumer ${name} belongs to ${service.name}, which owns no table: a consumer writes its effects and events to its service's table`);
      checkAccess(`Consumer ${name} of ${service.name}`, consumer.access, tables);
      for (const event of consumer.events) {
        const known = events[event.type];
        if (!known || declared.find((entry) => entry.event.type === event.type)?.event !== event) {
          throw new CompositionError(`Consumer ${name} of ${service.name} subscribes to ${event.type}, which no service of the application produces`);
        }
      }
      return { ...consumer, name, service: service.name as TableOwner, events: consumer.events.map((event) => event.type as EventType) };
    }),
  );
  refuseDuplicates('Consumer names', consumers.map((consumer) => consumer.name));

  const sockets = services.filter((service) => service.socket);
  if (sockets.length > 1) throw new CompositionError(`At most one service may declare a socket: ${sockets.map((service) => service.name).join(', ')} do`);
  let socket: SocketDeclaration | undefined;
  const [owner] = sockets;
  if (owner?.socket) {
    if (!owner.table) throw new CompositionError(`The socket of ${owner.name} needs its service to own a table: the connections are kept there`);
    const { authorizer, routes: socketRoutes } = owner.socket;
    for (const [name, fn] of Object.entries({ authorizer, ...socketRoutes })) checkAccess(`Socket function ${name} of ${owner.name}`, fn.access, tables);
    if (routes.some((route) => `/${route.version}${route.path}` === `/${owner.socket!.version}${owner.socket!.path}`)) {
      throw new CompositionError(`The socket of ${owner.name} is on the path of a REST route: /${owner.socket.version}${owner.socket.path}`);
    }
    socket = { ...owner.socket, service: owner.name as TableOwner };
  }
  for (const consumer of consumers) {
    if (consumer.postsToSocket && consumer.service !== socket?.service) {
      throw new CompositionError(`Consumer ${consumer.name} of ${consumer.service} posts to its service's socket, but ${consumer.service} declares none`);
    }
  }

  const jobs: JobDeclaration[] = services.flatMap((service) =>
    Object.entries(service.jobs ?? {}).map(([name, job]) => {
      // The name becomes a log service, a function name and (in PascalCase) a construct id.
      if (!JOB_NAME.test(name)) throw new CompositionError(`Job ${name} of ${service.name} must be named in kebab-case (e.g. ${service.name}-expiry)`);
      if (SWEEPER_NAME.test(name)) throw new CompositionError(`Job ${name} of ${service.name}: names ending in -sweeper belong to the outbox sweepers derived per table`);
      checkAccess(`Job ${name} of ${service.name}`, job.access, tables);
      if (job.postsToSocket && socket?.service !== service.name) {
        throw new CompositionError(`Job ${name} of ${service.name} posts to its service's socket, but ${service.name} declares none`);
      }
      return { ...job, name, service: service.name as ServiceName };
    }),
  );
  refuseDuplicates('Job names', jobs.map((job) => job.name));

  return {
    ...settings,
    services,
    tables: Object.fromEntries(services.flatMap((service) => (service.table ? [[service.name, service.table]] : []))) as ApplicationDeclaration['tables'],
    routes,
    events: events as ApplicationDeclaration['events'],
    consumers,
    jobs,
    ...(socket ? { socket } : {}),
  };
};
