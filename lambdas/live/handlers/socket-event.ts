import type { APIGatewayProxyResult } from 'aws-lambda';

/** What a WebSocket route's function receives that the live handlers read: the connection and the authorizer's context. */
export interface SocketEvent {
  readonly requestContext: {
    readonly connectionId: string;
    /** The $connect authorizer's context, on every route of the connection. */
    readonly authorizer?: { readonly userId?: string; readonly expiresAt?: number | string } | null;
  };
  readonly body?: string | null;
}

export type SocketResult = APIGatewayProxyResult;

/** The connection and its user, as the authorizer named them; a route without them is a wiring mistake. */
export const connectionOf = (event: SocketEvent): { userId: string; connectionId: string; expiresAt: number } => {
  const { connectionId, authorizer } = event.requestContext;
  const userId = authorizer?.userId;
  const expiresAt = Number(authorizer?.expiresAt);
  if (!userId || !Number.isInteger(expiresAt)) throw new Error('The socket route got no authorizer context: is the authorizer on $connect?');
  return { userId, connectionId, expiresAt };
};
