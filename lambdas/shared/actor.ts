/** Who is asking, as far as the domain's access rules need to know: the route wrapper's verified caller. */
export interface Actor {
  /** The token's `sub`: the user id throughout the API. */
  readonly id: string;
  readonly isAdmin: boolean;
}
